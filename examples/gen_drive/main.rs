//! Generates a synthetic shared drive of messaging exports for whole-run benchmarks
//! (issue #7): WhatsApp (Android and iOS, en-GB / en-US / de, some as iOS `.zip`
//! exports holding `_chat.txt`), Telegram Desktop `result.json` and SMS Backup &
//! Restore XML, across office folders, with classification markings, decoys
//! ("Secretary of State", "Secret Santa"), disappearing-message timer changes and
//! decisions planted at a few per thousand messages.
//!
//! ```text
//! cargo run --release --example gen_drive -- [--size 1GiB] [--seed N]
//!     [--files mixed|small] [--count N] [--single] OUT
//! ```
//!
//! - `--files mixed` (default): exports of 16 KiB – 48 MiB until `--size` is reached.
//! - `--files small`: `--count` (default 200,000) exports of 1–4 KiB, 1,000 a folder;
//!   `--size` is ignored.
//! - `--single`: one WhatsApp export (Android en-GB) of `--size` bytes.
//!
//! Deterministic: the same arguments give a byte-identical tree (files are written
//! in a fixed order from per-file random streams forked off the seed; zip entries
//! carry a fixed timestamp). OUT must be absent or empty. Everything is fictional.

mod content;
mod rng;
mod writers;

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use content::{Chat, OFFICES};
use rng::Rng;
use writers::WaStyle;

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;

#[derive(Debug, PartialEq, Eq)]
enum Shape {
    Mixed,
    Small,
    Single,
}

struct Args {
    size: u64,
    seed: u64,
    shape: Shape,
    count: u64,
    out: PathBuf,
}

fn main() {
    let args = match parse_args(std::env::args().skip(1).collect()) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen_drive: {e}");
            eprintln!(
                "usage: gen_drive [--size 1GiB] [--seed N] [--files mixed|small] [--count N] [--single] OUT"
            );
            std::process::exit(2);
        }
    };
    if let Err(e) = run(&args) {
        eprintln!("gen_drive: {e}");
        std::process::exit(1);
    }
}

fn parse_args(list: Vec<String>) -> Result<Args, String> {
    let mut args = Args {
        size: 1024 * MIB,
        seed: 7,
        shape: Shape::Mixed,
        count: 200_000,
        out: PathBuf::new(),
    };
    let mut it = list.into_iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--size" => args.size = parse_size(&value("--size")?)?,
            "--seed" => {
                args.seed = value("--seed")?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?
            }
            "--count" => {
                args.count = value("--count")?
                    .parse()
                    .map_err(|e| format!("--count: {e}"))?
            }
            "--files" => {
                args.shape = match value("--files")?.as_str() {
                    "mixed" => Shape::Mixed,
                    "small" => Shape::Small,
                    other => return Err(format!("--files {other:?}: expected mixed or small")),
                }
            }
            "--single" => args.shape = Shape::Single,
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            s if args.out.as_os_str().is_empty() => args.out = PathBuf::from(s),
            s => return Err(format!("unexpected argument {s}")),
        }
    }
    if args.out.as_os_str().is_empty() {
        return Err("missing OUT folder".into());
    }
    Ok(args)
}

/// `1GiB`, `512MiB`, `64KiB`, `1GB`, `1000000`.
fn parse_size(s: &str) -> Result<u64, String> {
    let digits = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let unit = &s[digits.len()..];
    let n: f64 = digits.parse().map_err(|_| format!("bad size {s:?}"))?;
    let mult = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => KIB,
        "m" | "mib" => MIB,
        "g" | "gib" => 1024 * MIB,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        _ => return Err(format!("bad size unit in {s:?}")),
    };
    Ok((n * mult as f64) as u64)
}

/// Running totals, printed at the end.
#[derive(Default)]
struct Totals {
    files: u64,
    bytes: u64,
}

fn run(args: &Args) -> std::io::Result<()> {
    if args.out.exists() && fs::read_dir(&args.out)?.next().is_some() {
        return Err(std::io::Error::other(format!(
            "{} is not empty; give a new folder",
            args.out.display()
        )));
    }
    let started = Instant::now();
    let root = Rng::new(args.seed);
    let mut totals = Totals::default();
    match args.shape {
        Shape::Mixed => mixed(&args.out, &root, args.size, &mut totals)?,
        Shape::Small => small(&args.out, &root, args.count, &mut totals)?,
        Shape::Single => {
            let dir = args.out.join(OFFICES[0]).join("WhatsApp");
            fs::create_dir_all(&dir)?;
            let mut chat = Chat::new(root.fork(0), 0);
            let path = dir.join(WaStyle::AndroidGb.file_name(&chat.name, 0));
            let mut w = BufWriter::with_capacity(MIB as usize, File::create(path)?);
            totals.bytes += writers::whatsapp(&mut chat, WaStyle::AndroidGb, args.size, &mut w)?;
            w.flush()?;
            totals.files += 1;
        }
    }
    eprintln!(
        "gen_drive: wrote {} files, {:.1} MiB in {:.1}s to {}",
        totals.files,
        totals.bytes as f64 / MIB as f64,
        started.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(())
}

/// What one generated file is.
#[derive(Debug, Clone, Copy)]
enum Kind {
    WhatsAppText(WaStyle),
    WhatsAppZip(WaStyle),
    Telegram,
    Sms,
}

fn pick_kind(r: &mut Rng) -> Kind {
    let android = [WaStyle::AndroidGb, WaStyle::AndroidUs, WaStyle::AndroidDe];
    let ios = [WaStyle::IosGb, WaStyle::IosUs, WaStyle::IosDe];
    match r.range(0, 99) {
        0..=44 => Kind::WhatsAppText(*r.pick(&android)),
        45..=54 => Kind::WhatsAppText(*r.pick(&ios)),
        55..=69 => Kind::WhatsAppZip(*r.pick(&ios)),
        70..=84 => Kind::Telegram,
        _ => Kind::Sms,
    }
}

/// A drive of realistically sized exports until `size` bytes are written.
fn mixed(out: &Path, root: &Rng, size: u64, totals: &mut Totals) -> std::io::Result<()> {
    for office in OFFICES {
        // A few things on every drive that are not exports.
        let dir = out.join(office);
        fs::create_dir_all(&dir)?;
        fs::write(
            dir.join("Thumbs.db"),
            [0u8, 1, 2, 3, 0, 0, 0, 0xff].repeat(512),
        )?;
        fs::write(
            dir.join("README.txt"),
            format!("Exports handed over by {office}. Do not edit.\n"),
        )?;
        totals.files += 2;
    }
    let mut i = 0u64;
    while totals.bytes < size {
        let mut r = root.fork(i + 1);
        let office = *r.pick(&OFFICES);
        let kind = pick_kind(&mut r);
        let wanted = match kind {
            Kind::WhatsAppText(_) => r.log_range(16 * KIB, 12 * MIB),
            Kind::WhatsAppZip(_) => r.log_range(16 * KIB, 4 * MIB),
            Kind::Telegram => r.log_range(64 * KIB, 24 * MIB),
            Kind::Sms => r.log_range(256 * KIB, 48 * MIB),
        };
        let target = wanted.min(size - totals.bytes).max(4 * KIB);
        let chat = Chat::new(r.fork(0), i);
        let base = out.join(office);
        totals.bytes += write_file(&base, kind, chat, i, target, false)?;
        totals.files += 1;
        i += 1;
    }
    Ok(())
}

/// `count` exports of 1–4 KiB, a thousand per folder.
fn small(out: &Path, root: &Rng, count: u64, totals: &mut Totals) -> std::io::Result<()> {
    for i in 0..count {
        let mut r = root.fork(i + 1);
        let office = OFFICES[(i / 1000) as usize % OFFICES.len()];
        let dir = out.join(office).join(format!("batch-{:04}", i / 1000));
        if i % 1000 == 0 {
            fs::create_dir_all(&dir)?;
        }
        let kind = match pick_kind(&mut r) {
            Kind::WhatsAppZip(s) => Kind::WhatsAppText(s),
            k => k,
        };
        let target = r.range(KIB, 4 * KIB - 512);
        let chat = Chat::new(r.fork(0), i);
        totals.bytes += write_file(&dir, kind, chat, i, target, true)?;
        totals.files += 1;
    }
    Ok(())
}

/// Writes one export under `base` (an office folder, or a batch folder when `flat`).
fn write_file(
    base: &Path,
    kind: Kind,
    mut chat: Chat,
    i: u64,
    target: u64,
    flat: bool,
) -> std::io::Result<u64> {
    let folder = |name: String| -> std::io::Result<PathBuf> {
        let dir = if flat {
            base.to_path_buf()
        } else {
            base.join(name)
        };
        fs::create_dir_all(&dir)?;
        Ok(dir)
    };
    let create = |path: PathBuf| -> std::io::Result<BufWriter<File>> {
        Ok(BufWriter::with_capacity(
            (MIB as usize).min(target as usize + 4096),
            File::create(path)?,
        ))
    };
    let written = match kind {
        Kind::WhatsAppText(style) => {
            let name = if style.is_ios() {
                format!("WhatsApp Chat - {} ({i}).txt", chat.name)
            } else {
                style.file_name(&chat.name, i)
            };
            let mut w = create(folder("WhatsApp".into())?.join(name))?;
            let n = writers::whatsapp(&mut chat, style, target, &mut w)?;
            w.flush()?;
            n
        }
        Kind::WhatsAppZip(style) => {
            let path =
                folder("WhatsApp".into())?.join(format!("WhatsApp Chat - {} ({i}).zip", chat.name));
            write_zip(path, &mut chat, style, target)?
        }
        Kind::Telegram => {
            let path = if flat {
                base.join(format!("Telegram {} ({i}).json", chat.name))
            } else {
                folder(format!("Telegram - {} ({i})", chat.name))?.join("result.json")
            };
            let mut w = create(path)?;
            let n = writers::telegram(&mut chat, 4_000_000 + i, target, &mut w)?;
            w.flush()?;
            n
        }
        Kind::Sms => {
            let path = if flat {
                base.join(format!("sms-{i}.xml"))
            } else {
                folder(format!("Phone backup - {} ({i})", chat.people[0]))?.join(format!(
                    "sms-2023{:02}{:02}.xml",
                    1 + i % 12,
                    1 + i % 28
                ))
            };
            let mut w = create(path)?;
            let n = writers::sms(&mut chat, target, &mut w)?;
            w.flush()?;
            n
        }
    };
    Ok(written)
}

/// An iOS "Export Chat" zip: `_chat.txt` and one photo, deflated, fixed timestamps.
/// Returns the size of the zip on disk.
fn write_zip(path: PathBuf, chat: &mut Chat, style: WaStyle, target: u64) -> std::io::Result<u64> {
    let file = BufWriter::with_capacity(MIB as usize, File::create(&path)?);
    let mut zip = zip::ZipWriter::new(file);
    let when =
        zip::DateTime::from_date_and_time(2021, 7, 1, 9, 0, 0).map_err(std::io::Error::other)?;
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(when);
    zip.start_file("_chat.txt", opts)
        .map_err(std::io::Error::other)?;
    writers::whatsapp(chat, style, target, &mut zip)?;
    zip.start_file("00000012-PHOTO-2021-04-15-09-20-01.jpg", opts)
        .map_err(std::io::Error::other)?;
    zip.write_all(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9")?;
    let mut file = zip.finish().map_err(std::io::Error::other)?;
    file.flush()?;
    Ok(fs::metadata(&path)?.len())
}
