#!/usr/bin/env bash
# Sharding benchmark (issue #8): one unsharded scan vs the same drive split into
# shards run side by side (as a Slurm array would on one node), then merged.
#
#   bash benches/shards.sh [--size 1GiB] [--work DIR] [--shards N]
#
# Each shard gets cores/N worker threads, so both sides use the whole machine. No
# state (--no-state): every run parses everything. Also checks that the merged
# reports equal the unsharded ones. A benchmark, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."

size=1GiB
work=${TMPDIR:-/tmp}/onrecord-bench
shards=2
while [ $# -gt 0 ]; do
    case "$1" in
        --size) size=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        --shards) shards=$2; shift 2 ;;
        *) echo "usage: $0 [--size 1GiB] [--work DIR] [--shards N]" >&2; exit 2 ;;
    esac
done

cargo build --release --quiet
cargo build --release --quiet --example gen_drive
bin=target/release/onrecord
drive="$work/shards-drive-$size"
if [ ! -d "$drive" ]; then
    mkdir -p "$work"
    target/release/examples/gen_drive --size "$size" "$drive"
fi
cores=$(nproc)
per_shard=$(( cores / shards > 0 ? cores / shards : 1 ))
flags=(--as-of 2026-11-26 --no-state --keep-history 0 --quiet)
now() { date +%s.%N; }
ok() { case "$1" in 0|1|3|5) ;; *) echo "$2 failed with exit code $1" >&2; exit 1 ;; esac; }

rm -rf "$work/shards"
mkdir -p "$work/shards"
t0=$(now)
set +e
"$bin" scan "$drive" "${flags[@]}" --out "$work/shards/whole" 2>>"$work/shards.log"
code=$?
set -e
ok "$code" "unsharded scan"
t1=$(now)
pids=()
for k in $(seq 1 "$shards"); do
    "$bin" scan "$drive" "${flags[@]}" --jobs "$per_shard" --shard "$k/$shards" \
        --out "$work/shards/part-$k" 2>>"$work/shards.log" &
    pids+=("$!")
done
for pid in "${pids[@]}"; do
    set +e
    wait "$pid"
    code=$?
    set -e
    ok "$code" "shard (pid $pid)"
done
t2=$(now)
parts=()
for k in $(seq 1 "$shards"); do parts+=("$work/shards/part-$k"); done
set +e
"$bin" merge "${flags[@]}" --out "$work/shards/merged" "${parts[@]}" 2>>"$work/shards.log"
code=$?
set -e
ok "$code" "merge"
t3=$(now)
for f in files findings decisions summary summary-detail; do
    cmp -s "$work/shards/whole/$f.csv" "$work/shards/merged/$f.csv" \
        || { echo "merged $f.csv differs from the unsharded scan" >&2; exit 1; }
done

bytes=$(du -sb "$drive" | cut -f1)
echo "drive: $drive ($((bytes / 1048576)) MiB, $(find "$drive" -type f | wc -l) files); $cores cores"
awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v n="$shards" -v j="$per_shard" 'BEGIN {
    printf "| run | wall (s) |\n|---|---|\n"
    printf "| unsharded, --jobs all | %.2f |\n", b - a
    printf "| %d shards side by side, --jobs %d each | %.2f |\n", n, j, c - b
    printf "| merge | %.2f |\n", d - c
    printf "| shards + merge | %.2f (%.2fx the unsharded run) |\n", d - b, (d - b) / (b - a)
}'
echo "merged reports are byte-identical to the unsharded run"
