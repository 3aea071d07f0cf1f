//! The walk's order and paths: report order across roots, labels, files given as
//! roots, and names that are not valid UTF-8.

use std::path::{Path, PathBuf};

use super::*;

fn put(root: &Path, rel: &str) -> PathBuf {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, rel).unwrap();
    path
}

fn report_paths(entries: &[Entry], roots: &[Root]) -> Vec<String> {
    entries
        .iter()
        .map(|e| e.report_path(roots).into_owned())
        .collect()
}

#[test]
fn entries_come_in_report_path_order_not_walk_order() {
    let dir = tempfile::tempdir().unwrap();
    // Walk order visits `a/` before `a b/` and `a.txt`; report order does not.
    for rel in ["a/x.txt", "a b/x.txt", "a.txt", "a-z.txt", "B.txt", "é.txt"] {
        put(dir.path(), rel);
    }
    let roots = label_roots(&[dir.path().to_path_buf()]);
    let entries = discover(&roots, &WalkOptions::default(), 1);
    let paths = report_paths(&entries, &roots);
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert_eq!(paths.len(), 6);
    for e in &entries {
        let d = e.discovered(&roots);
        assert_eq!(d.path, dir.path().join(&d.relative));
        assert_eq!(d.report_path, d.relative);
        assert_eq!(fs::read_to_string(&d.path).unwrap(), d.relative);
    }
}

#[test]
fn several_roots_are_labelled_and_merged_in_report_order() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two, other) = (
        dir.path().join("x/Office"),
        dir.path().join("y/Office"),
        dir.path().join("Annex"),
    );
    put(&one, "b.txt");
    put(&one, "sub/c.txt");
    put(&two, "a.txt");
    put(&other, "z.txt");
    let file = put(dir.path(), "Office-2-note.txt");
    let roots = label_roots(&[one.clone(), two.clone(), other, file.clone()]);
    let labels: Vec<&str> = roots.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["Office", "Office-2", "Annex", "Office-2-note.txt"]);
    let entries = discover(&roots, &WalkOptions::default(), 1);
    assert_eq!(
        report_paths(&entries, &roots),
        [
            "Annex/z.txt",
            "Office-2-note.txt",
            "Office-2/a.txt",
            "Office/b.txt",
            "Office/sub/c.txt",
        ]
    );
    let d: Vec<Discovered> = entries.iter().map(|e| e.discovered(&roots)).collect();
    assert_eq!(
        (d[1].root, d[1].path.as_path(), d[1].relative.as_str()),
        (3, file.as_path(), "")
    );
    assert_eq!((d[2].root, d[2].path.clone()), (1, two.join("a.txt")));
    assert_eq!(d[4].path, one.join("sub/c.txt"));
    assert_eq!(d[4].relative, "sub/c.txt");
}

#[test]
fn a_file_given_as_the_only_root_is_reported_by_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let file = put(dir.path(), "chats/WhatsApp Chat with Jo.txt");
    let roots = label_roots(std::slice::from_ref(&file));
    let entries = discover(&roots, &WalkOptions::default(), 1);
    assert_eq!(entries.len(), 1);
    let d = entries[0].discovered(&roots);
    assert_eq!(d.report_path, "WhatsApp Chat with Jo.txt");
    assert_eq!((d.path, d.relative.as_str()), (file, ""));
    assert!(matches!(d.kind, EntryKind::File { size: 31, .. }));
}

#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_keep_their_real_path_and_walk_order() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    // Both names read `caf\u{fffd}` lossily; each keeps a report path of its own
    // (invalid bytes escaped) and opens its own file.
    let names: [&[u8]; 3] = [b"caf\xe8", b"caf\xe9", b"caf\xff.d"];
    for (i, name) in names.iter().enumerate() {
        let path = dir.path().join(OsStr::from_bytes(name));
        if i == 2 {
            fs::create_dir(&path).unwrap();
            fs::write(path.join("inner.txt"), "inner").unwrap();
        } else {
            fs::write(&path, name).unwrap();
        }
    }
    put(dir.path(), "plain.txt");
    let roots = label_roots(&[dir.path().to_path_buf()]);
    let entries = discover(&roots, &WalkOptions::default(), 1);
    assert_eq!(
        report_paths(&entries, &roots),
        ["caf\\xE8", "caf\\xE9", "caf\\xFF.d/inner.txt", "plain.txt"]
    );
    let d: Vec<Discovered> = entries.iter().map(|e| e.discovered(&roots)).collect();
    assert_eq!(fs::read(&d[0].path).unwrap(), names[0]);
    assert_eq!(fs::read(&d[1].path).unwrap(), names[1]);
    assert_eq!(fs::read_to_string(&d[2].path).unwrap(), "inner");
    assert_eq!(d[3].path, dir.path().join("plain.txt"));
}

#[test]
fn entries_stay_small() {
    // Held for every file for the whole run: a guard against it growing by accident.
    assert!(
        std::mem::size_of::<Entry>() <= 64,
        "{}",
        std::mem::size_of::<Entry>()
    );
}

#[test]
fn one_worker_walks_every_root_on_the_calling_thread_in_order() {
    let caller = std::thread::current().id();
    let seen = super::walk_roots(3, 1, |i| (i, std::thread::current().id()));
    assert_eq!(seen, [(0, caller), (1, caller), (2, caller)]);
    let parallel = super::walk_roots(5, 2, |i| (i, std::thread::current().id()));
    assert_eq!(
        parallel.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
        [0, 1, 2, 3, 4]
    );
    assert!(
        parallel.iter().all(|(_, t)| *t != caller),
        "workers, not the caller, walk"
    );
}

#[test]
fn several_roots_give_the_same_entries_on_one_thread_or_many() {
    let dirs: Vec<_> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    for (n, d) in dirs.iter().enumerate() {
        for f in 0..=n {
            std::fs::write(d.path().join(format!("f{f}.txt")), "x").unwrap();
        }
    }
    let roots = label_roots(
        &dirs
            .iter()
            .map(|d| d.path().to_path_buf())
            .collect::<Vec<_>>(),
    );
    let paths = |workers| -> Vec<String> {
        discover(&roots, &WalkOptions::default(), workers)
            .iter()
            .map(|e| e.report_path(&roots).into_owned())
            .collect()
    };
    let one = paths(1);
    assert_eq!(one.len(), 6, "{one:?}");
    assert_eq!(one, paths(3));
}
