//! The state's tests: the file cache, set-aside and schema checks, the history.

use super::*;
use crate::outcome::{FileOutcome, Status};
use crate::pipeline::EntryResult;

fn result(name: &str) -> EntryResult {
    EntryResult {
        outcomes: vec![FileOutcome::new(name, Status::Scanned, "")],
        ..EntryResult::default()
    }
}

fn rec<'a>(path: &'a str, r: &'a EntryResult) -> FileRecord<'a> {
    FileRecord {
        path,
        size: 10,
        mtime_ns: 5,
        hash: "h",
        result: r,
    }
}

#[test]
fn files_round_trip_and_are_forgotten_when_not_listed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    let (mut state, warnings) = State::open(&path).unwrap();
    assert!(warnings.is_empty());
    let (a, b) = (result("a.txt"), result("b.txt"));
    let run = state.begin_run("t", "2026-11-26").unwrap();
    state.put_file(run, "k1", &rec("a.txt", &a)).unwrap();
    state.put_file(run, "k1", &rec("b.txt", &b)).unwrap();
    state.commit().unwrap();
    drop(state);
    let (mut state, _) = State::open(&path).unwrap();
    let readers = state.readers(2, "k1").unwrap();
    let cached = readers.get(1, "a.txt").unwrap();
    assert_eq!(
        (cached.size, cached.mtime_ns, cached.hash.as_str()),
        (10, 5, "h")
    );
    assert_eq!(readers.load(0, &cached).unwrap(), a);
    assert!(state.readers(1, "k2").unwrap().get(0, "a.txt").is_none());
    let run = state.begin_run("t", "2026-11-27").unwrap();
    state.touch_file(run, "b.txt").unwrap();
    state.forget_files_not_in(run).unwrap();
    assert_eq!(state.file_count().unwrap(), 1);
    assert!(readers.get(0, "a.txt").is_none());
    assert!(readers.get(0, "b.txt").is_some());
}

#[test]
fn garbage_file_is_set_aside_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    std::fs::write(&path, vec![0x42u8; 8192]).unwrap();
    let (state, warnings) = State::open(&path).unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("unusable"), "{}", warnings[0]);
    assert!(dir.path().join("state.sqlite.unusable-1").exists());
    assert_eq!(state.file_count().unwrap(), 0);
}

#[test]
fn newer_schema_is_not_touched_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let (_, warnings) = State::open(&path).unwrap();
    assert!(warnings[0].contains("newer onrecord"), "{}", warnings[0]);
    assert!(dir.path().join("state.sqlite.unusable-1").exists());
}

/// Another program's database that happens to carry our schema number (or 0, as
/// most do) is set aside, untouched, not used half-broken.
#[test]
fn another_programs_database_is_set_aside_untouched() {
    for (version, table) in [(SCHEMA_VERSION, "runs_log"), (0, "notes")] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.sqlite");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(&format!("CREATE TABLE {table} (id INTEGER, body TEXT); INSERT INTO {table} VALUES (1, 'kept');"))
                .unwrap();
            conn.pragma_update(None, "user_version", version).unwrap();
        }
        let (mut state, warnings) = State::open(&path).unwrap();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("not an onrecord state"),
            "{}",
            warnings[0]
        );
        // The fresh state works: a run can be recorded.
        state.begin_run("t", "2026-11-27").unwrap();
        let aside = Connection::open(dir.path().join("state.sqlite.unusable-1")).unwrap();
        let body: String = aside
            .query_row(&format!("SELECT body FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert_eq!(body, "kept");
        let ours: i64 = aside
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'runs'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(ours, 0, "nothing of ours written into it");
    }
}

/// A state of ours missing one column (a hand-edited or damaged schema) is set aside.
#[test]
fn a_state_missing_a_column_is_set_aside() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.sqlite");
    drop(State::open(&path).unwrap());
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("ALTER TABLE seen DROP COLUMN row")
            .unwrap();
    }
    let (_, warnings) = State::open(&path).unwrap();
    assert!(
        warnings[0].contains("lacks column seen.row"),
        "{}",
        warnings[0]
    );
    // Our own, whole, state opens without a warning.
    let (_, warnings) = State::open(&path).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn history_keeps_first_seen_and_finds_what_went_away() {
    let dir = tempfile::tempdir().unwrap();
    let (mut state, _) = State::open(&dir.path().join("s.sqlite")).unwrap();
    assert_eq!(state.last_run().unwrap(), None);
    let one = state.begin_run("t1", "2026-11-26").unwrap();
    assert_eq!(
        state.last_run().unwrap(),
        None,
        "an unfinished run is not the last run"
    );
    state.saw(SeenKind::Finding, "f1", true, "{1}").unwrap();
    state.saw(SeenKind::Finding, "f2", true, "{2}").unwrap();
    state.saw(SeenKind::Decision, "d1", true, "").unwrap();
    assert_eq!(state.seen(SeenKind::Finding, "f1").unwrap(), None);
    state.finish_run(one, "2026-11-26", "t1").unwrap();
    assert_eq!(state.last_run().unwrap(), Some((one, "2026-11-26".into())));

    let two = state.begin_run("t2", "2026-11-27").unwrap();
    state.saw(SeenKind::Finding, "f1", false, "{1b}").unwrap();
    let gone = state.gone_since(one).unwrap();
    assert_eq!(gone.len(), 1);
    assert_eq!(gone[0].0, "f2");
    assert_eq!(gone[0].1.row, "{2}");
    state.finish_run(two, "2026-11-27", "t2").unwrap();
    let f1 = state.seen(SeenKind::Finding, "f1").unwrap().unwrap();
    assert_eq!(
        f1,
        Seen {
            first_seen: "2026-11-26".into(),
            last_run: two,
            reported: false,
            row: "{1b}".into()
        }
    );
    assert_eq!(
        state
            .seen(SeenKind::Decision, "d1")
            .unwrap()
            .unwrap()
            .last_run,
        one
    );
}

#[test]
fn long_unseen_history_is_forgotten() {
    let dir = tempfile::tempdir().unwrap();
    let (mut state, _) = State::open(&dir.path().join("s.sqlite")).unwrap();
    let first = state.begin_run("t", "2026-01-01").unwrap();
    state.saw(SeenKind::Finding, "old", true, "").unwrap();
    state.saw(SeenKind::Finding, "kept", true, "").unwrap();
    state.finish_run(first, "2026-01-01", "t").unwrap();
    let mut last = first;
    for i in 1..=FORGET_AFTER_RUNS {
        last = state.begin_run("t", "2026-01-02").unwrap();
        if i == FORGET_AFTER_RUNS {
            state.saw(SeenKind::Finding, "kept", true, "").unwrap();
        }
        state.finish_run(last, "2026-01-02", "t").unwrap();
    }
    assert_eq!(last - first, FORGET_AFTER_RUNS);
    assert_eq!(state.seen(SeenKind::Finding, "old").unwrap(), None);
    let kept = state.seen(SeenKind::Finding, "kept").unwrap().unwrap();
    assert_eq!(kept.first_seen, "2026-01-01");
    let runs: i64 = state
        .conn
        .query_row("SELECT count(*) FROM runs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(runs, FORGET_AFTER_RUNS);
}
