#!/usr/bin/env bash
# Nightly onrecord scan spread over a Slurm cluster (issue #8): SHARDS array tasks each scan
# their share of the drive (`onrecord scan … --shard K/N`), then one merge job, which starts only
# when every shard succeeded (`--dependency=afterok`), writes the reports an unsharded
# `onrecord scan` with the same flags would have written.
#
#   bash examples/slurm/submit.sh [ROOT...]      # roots default to ROOTS below
#
# Prints `array_job=ID` and `merge_job=ID`. The nightly result is the merge job: check its final
# state (`sacct -j ID` or `scontrol show job ID`), not sbatch's exit code. The real exit codes of
# onrecord (0 clean, 1 findings, 3 some files unreadable, 5 both; README "Exit codes") are in
# $WORK/parts/*.exit.
#
# State between nights (STATE_DIR): each shard keeps its own state file, shard-K.sqlite (which
# files it read and what they held, so unchanged files are not parsed again), and the merge keeps
# the findings history (first seen, resolved) in merge.sqlite; dated copies of past reports go
# to $OUT/history/. A file's shard depends on N, so keep SHARDS fixed from night to night: after
# changing it, the shards start cold once (the findings history in merge.sqlite is kept).
set -euo pipefail

# ---- adapt these (each can also be set in the environment) ----------------------------------
# Folders to scan, space-separated; every compute node must see them at these paths.
ROOTS=${ROOTS:-/mnt/shared-drive}
# The onrecord binary, installed where every node sees it.
ONRECORD_BIN=${ONRECORD_BIN:-/opt/onrecord/bin/onrecord}
# Configuration file (offices, legal holds, limits); empty for none.
CONFIG=${CONFIG-/etc/onrecord/onrecord.toml}
# Decision register(s), space-separated; empty for none.
REGISTER=${REGISTER-/srv/records/decision-register.csv}
# The date decisions are judged on. Fixed here, at submission, so that shards that run after
# midnight still agree with the others (the merge refuses parts with different dates).
AS_OF=${AS_OF:-$(date +%F)}
# Number of shards (array tasks). More shards finish sooner if nodes are free; each re-reads
# the configuration and rule packs, so keep every shard at least a few minutes of work.
SHARDS=${SHARDS:-8}
# Work folder for tonight on storage every node sees: shard outputs (parts/), job logs (logs/).
WORK=${WORK:-/srv/onrecord/nightly/$(date +%F)}
# Where the merged reports go: the same folder every night (it keeps history/).
OUT=${OUT:-/srv/onrecord/reports}
# State kept between nights (see above), on storage every node sees; empty for no state
# (every file read every night, every finding reported as new).
STATE_DIR=${STATE_DIR-/srv/onrecord/state}
# Partition (queue) to run in; empty for the cluster's default.
PARTITION=${PARTITION-}
# Per shard: time limit, memory, and cores (passed to onrecord as --jobs).
SCAN_TIME=${SCAN_TIME:-02:00:00}
SCAN_MEM=${SCAN_MEM:-4G}
SCAN_CPUS=${SCAN_CPUS:-4}
# The merge job: time limit and memory (it reads the parts, not the drive).
MERGE_TIME=${MERGE_TIME:-00:30:00}
MERGE_MEM=${MERGE_MEM:-2G}
# More flags, space-separated (no spaces inside one flag or value). COMMON_EXTRA goes to every
# shard and to the merge, which must agree: --rules, --timezone, --excerpts, --fail-on,
# --reviewed, --no-bom. SCAN_EXTRA goes to the shards only: --exclude, --max-file-size,
# --follow-links.
COMMON_EXTRA=${COMMON_EXTRA-}
SCAN_EXTRA=${SCAN_EXTRA-}
# ----------------------------------------------------------------------------------------------

here=$(cd "$(dirname "$0")" && pwd)
if (($# == 0)); then
    read -r -a roots <<<"$ROOTS"
else
    roots=("$@")
fi
read -r -a registers <<<"$REGISTER"
read -r -a common_extra <<<"$COMMON_EXTRA"
read -r -a scan_extra <<<"$SCAN_EXTRA"

# Flags the shards and the merge share: the merge refuses parts scanned with other ones.
common=()
[[ -n $CONFIG ]] && common+=(--config "$CONFIG")
for r in "${registers[@]}"; do common+=(--register "$r"); done
common+=(--as-of "$AS_OF" "${common_extra[@]}")
merge_state=(--no-state)
if [[ -n $STATE_DIR ]]; then
    mkdir -p "$STATE_DIR"
    merge_state=(--state "$STATE_DIR/merge.sqlite")
fi

mkdir -p "$WORK/parts" "$WORK/logs" "$(dirname "$OUT")"
sbatch_opts=(--parsable)
[[ -n $PARTITION ]] && sbatch_opts+=(--partition "$PARTITION")
export ONRECORD_BIN SHARDS OUT STATE_DIR
export PARTS=$WORK/parts

array_job=$(sbatch "${sbatch_opts[@]}" --job-name onrecord-scan --array "1-$SHARDS" \
    --time "$SCAN_TIME" --mem "$SCAN_MEM" --cpus-per-task "$SCAN_CPUS" \
    --output "$WORK/logs/scan-%A_%a.out" --export ALL \
    "$here/scan-shards.sbatch" "${roots[@]}" "${common[@]}" "${scan_extra[@]}")
array_job=${array_job%%;*} # --parsable prints "ID" or "ID;CLUSTER"

# --kill-on-invalid-dep: without it a failed shard leaves the merge pending forever.
merge_job=$(sbatch "${sbatch_opts[@]}" --job-name onrecord-merge \
    --dependency "afterok:$array_job" --kill-on-invalid-dep yes \
    --time "$MERGE_TIME" --mem "$MERGE_MEM" --cpus-per-task 1 \
    --output "$WORK/logs/merge-%j.out" --export ALL \
    "$here/merge.sbatch" "${common[@]}" "${merge_state[@]}")
merge_job=${merge_job%%;*}

echo "array_job=$array_job"
echo "merge_job=$merge_job"
