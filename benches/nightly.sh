#!/usr/bin/env bash
# Nightly benchmark (issue #6): how long a second run over an unchanged drive takes
# compared with the first, and a third run after one export changed.
#
#   bash benches/nightly.sh [--size 1GiB] [--work DIR] [--jobs N]
#
# Generates the drive with examples/gen_drive (deterministic; kept in DIR between
# runs), builds the release binary, then times three scans into one report folder
# with the state on: (1) first night, every file parsed; (2) nothing changed; (3) one
# export appended to. Prints wall times, the ratio, and files parsed/reused from
# run.csv. A benchmark, not a test: run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."

size=1GiB
work=${TMPDIR:-/tmp}/onrecord-bench
jobs=""
while [ $# -gt 0 ]; do
    case "$1" in
        --size) size=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        --jobs) jobs="--jobs $2"; shift 2 ;;
        *) echo "usage: $0 [--size 1GiB] [--work DIR] [--jobs N]" >&2; exit 2 ;;
    esac
done

cargo build --release --quiet
cargo build --release --quiet --example gen_drive
bin=target/release/onrecord
drive="$work/nightly-drive-$size" # its own copy: the third run edits it
if [ ! -d "$drive" ]; then
    mkdir -p "$work"
    target/release/examples/gen_drive --size "$size" "$drive"
fi
out="$work/nightly-reports"
rm -rf "$out"

now() { date +%s.%N; }
scan() {
    local t0 t1 code
    t0=$(now)
    set +e
    # shellcheck disable=SC2086
    "$bin" scan "$drive" --out "$out" --quiet --as-of 2026-11-26 $jobs 2>>"$work/nightly.log"
    code=$?
    set -e
    t1=$(now)
    case "$code" in 0|1|3|5) ;; *) echo "scan failed with exit code $code (see $work/nightly.log)" >&2; exit 1 ;; esac
    echo "$t0 $t1" | awk '{printf "%.2f", $2 - $1}'
}
# Column $1 of the last line of run.csv.
last_run() {
    python3 - "$out/run.csv" "$1" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
print(rows[-1][sys.argv[2]])
EOF
}

bytes=$(du -sb "$drive" | cut -f1)
files=$(find "$drive" -type f | wc -l)
echo "drive: $drive ($((bytes / 1048576)) MiB, $files files); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

first=$(scan)
first_parsed=$(last_run files_parsed)
second=$(scan)
second_parsed=$(last_run files_parsed)
second_reused=$(last_run files_reused)
# Append one message to the first WhatsApp export found.
victim=$(find "$drive" -name '*.txt' -type f | sort | head -1)
printf '26/11/2026, 23:59 - Benchmark: one more message\n' >>"$victim"
third=$(scan)
third_parsed=$(last_run files_parsed)
third_reused=$(last_run files_reused)

printf '\n| run | wall (s) | files parsed | files reused |\n|---|---|---|---|\n'
printf '| first (empty state) | %s | %s | 0 |\n' "$first" "$first_parsed"
printf '| second (nothing changed) | %s | %s | %s |\n' "$second" "$second_parsed" "$second_reused"
printf '| third (one export changed) | %s | %s | %s |\n' "$third" "$third_parsed" "$third_reused"
awk -v a="$first" -v b="$second" -v c="$third" 'BEGIN {
    printf "\nsecond/first = %.1f%% (target <= 10%%); third/first = %.1f%%\n", 100 * b / a, 100 * c / a }'
