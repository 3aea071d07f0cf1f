#!/usr/bin/env bash
# End-to-end test of the Slurm example (issue #8) on a real one-node Slurm cluster on loopback:
# a 4-shard job array plus a dependent merge job, submitted by examples/slurm/submit.sh over the
# example drive, must produce the same reports as an unsharded `onrecord scan` with the same
# flags. It runs two nights, keeping the state: on the second the shards parse nothing again
# and the reports must still equal an unsharded run with its own state.
#
#   bash tests/slurm/run.sh            # as root; installs Slurm from Debian's packages if missing
#   ONRECORD_BIN=target/release/onrecord bash tests/slurm/run.sh
#
# Everything (MUNGE key and socket, slurm.conf, state, spool, logs, reports) lives in one temp
# folder. The daemons run in the foreground as children of this script, their PIDs recorded;
# an EXIT trap cancels the jobs, shuts the cluster down, ends each daemon by its PID and removes
# the folder, also on failure. About 12 s once Slurm is installed and onrecord built.
set -euo pipefail
cd "$(dirname "$0")/../.."

shards=4
timeout_s=${SLURM_TEST_TIMEOUT:-60}
# Flags of the scan under test: shards, merge and the unsharded run use exactly these strings
# (reports quote the register path as given).
roots=(examples/drive)
config=examples/onrecord.toml
register=examples/register.csv
as_of=2021-07-01
# Files in the report folder that legitimately differ between a merged and an unsharded run,
# left out of `diff -r`:
#   run.csv         the run's start/finish times and history folder name (compared below
#                   without those three columns)
#   history         dated copies of the reports, in a folder named after the run's start time
#   .onrecord.lock  the run lock: pid and start time
#   report.html     its one run time-stamp line (compared below without it)
run_specific=(run.csv history .onrecord.lock report.html)

say() { echo "slurm-test: $*"; }
fail() {
    echo "slurm-test: FAILED: $*" >&2
    show_logs=1
    exit 1
}

# ---- Slurm from Debian's packages, if missing -------------------------------------------------
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null ||
    ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
    [[ $(id -u) == 0 ]] || {
        echo "slurm-test: Slurm is not installed and this is not root: apt-get install slurmctld slurmd slurm-client munge" >&2
        exit 1
    }
    say "installing slurmctld slurmd slurm-client munge (apt-get)"
    apt_log=$(mktemp)
    # Post-install scripts print "policy-rc.d denied execution of start": harmless, we start
    # the daemons ourselves.
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends slurmctld slurmd slurm-client munge; } >"$apt_log" 2>&1; then
        cat "$apt_log" >&2
        rm -f "$apt_log"
        fail "could not install Slurm"
    fi
    rm -f "$apt_log"
fi

# ---- the onrecord binary --------------------------------------------------------------------
# ONRECORD_BIN, or target/debug/onrecord built by `cargo build` (a no-op when it is up to date,
# and it keeps a stale binary from an older checkout out of the test).
bin=${ONRECORD_BIN:-target/debug/onrecord}
if [[ -z ${ONRECORD_BIN:-} ]] && { [[ ! -x $bin ]] || command -v cargo >/dev/null; }; then
    cargo build --quiet || fail "cargo build failed"
fi
[[ -x $bin ]] || fail "$bin is not an executable (set ONRECORD_BIN)"
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

# ---- teardown, registered before anything starts --------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/onrecord-slurm.XXXXXX")
chmod 755 "$work" # munged refuses a socket folder that is not world-executable
pids=()           # daemons we started, in start order
jobs_to_cancel=()
show_logs=0

stop_pid() { # stop_pid PID NAME: only if that PID is still the daemon we started
    local pid=$1 name=$2 i
    [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$name" ]] || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < 50; i++)); do
        [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$name" ]] || return 0
        sleep 0.1
    done
    echo "slurm-test: $name ($pid) ignored SIGTERM for 5 s: SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
}

# Processes of this cluster's jobs still alive after the daemons stopped (job steps, batch
# scripts, onrecord): found by the SLURM_CONF of this test in their environment, never by name.
leftover_pids() {
    local f pid
    grep -lzxF "SLURM_CONF=$SLURM_CONF" /proc/[0-9]*/environ 2>/dev/null | while read -r f; do
        pid=${f#/proc/}
        pid=${pid%/environ}
        [[ $pid != "$$" ]] || continue
        [[ $(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$pid/status" 2>/dev/null) =~ ^[A-Y]$ ]] || continue # gone or a zombie
        grep -qz '^SLURM_JOB_ID=' "/proc/$pid/environ" 2>/dev/null ||
            [[ $(cat "/proc/$pid/comm" 2>/dev/null) == slurmstepd ]] || continue
        echo "$pid"
    done
}

show_failure_logs() {
    local f
    for f in "$work"/log/*.log "$work"/log/*.err; do
        [[ -s $f ]] || continue
        echo "---- $f (last 30 lines)" >&2
        tail -n 30 "$f" >&2
    done
    for f in "$work"/log/*.out; do # daemon stderr: only if its log file was never opened
        [[ -s $f && ! -e ${f%.out}.log ]] || continue
        echo "---- $f" >&2
        tail -n 30 "$f" >&2
    done
    for f in "$work"/night-*/logs/*; do
        [[ -f $f ]] || continue
        echo "---- job output $f" >&2
        cat "$f" >&2
    done
}

teardown() {
    local code=$? entry i left
    set +e
    ((code == 0 && !show_logs)) || show_failure_logs
    if ((${#pids[@]})) && [[ -n ${SLURM_CONF:-} ]]; then
        if ((${#jobs_to_cancel[@]})); then
            scancel "${jobs_to_cancel[@]}" 2>/dev/null
            for ((i = 0; i < 50; i++)); do # let slurmd end the jobs' steps
                [[ -z $(squeue -h 2>/dev/null) ]] && break
                sleep 0.1
            done
        fi
        scontrol shutdown >/dev/null 2>&1
    fi
    # Stop in reverse order: slurmd, slurmctld, then munged (which they need to shut down).
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        entry=${pids[i]}
        stop_pid "${entry%%:*}" "${entry#*:}"
    done
    if [[ -n ${SLURM_CONF:-} ]]; then
        for ((i = 0; i < 30; i++)); do
            left=$(leftover_pids)
            [[ -n $left ]] || break
            sleep 0.1
        done
        if [[ -n $left ]]; then
            echo "slurm-test: killing leftover job processes: $(echo "$left" | tr '\n' ' ')" >&2
            # shellcheck disable=SC2086 # one PID per word
            kill -KILL $left 2>/dev/null
        fi
    fi
    rm -rf "$work"
    exit "$code"
}
trap teardown EXIT
trap 'exit 130' INT TERM

# ---- a one-node cluster on loopback ---------------------------------------------------------
mkdir -p "$work"/{munge,state,spool,log,run}
chmod 755 "$work/munge"
head -c 1024 /dev/urandom >"$work/munge/munge.key"
chmod 400 "$work/munge/munge.key"

free_port() { # a TCP port on 127.0.0.1 that nothing listens on, and the next one too
    local p
    for _ in $(seq 100); do
        p=$((20000 + RANDOM % 30000))
        if ! (: <"/dev/tcp/127.0.0.1/$p") 2>/dev/null && ! (: <"/dev/tcp/127.0.0.1/$((p + 1))") 2>/dev/null; then
            echo "$p"
            return
        fi
    done
    fail "no free port pair on 127.0.0.1"
}
port=$(free_port)

export SLURM_CONF=$work/slurm.conf
cat >"$SLURM_CONF" <<CONF
ClusterName=onrecordtest
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge/munge.socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=600
SchedulerParameters=sched_interval=1,batch_sched_delay=0
MailProg=/bin/true
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/run/slurmctld.pid
SlurmdPidFile=$work/run/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=1000 State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=10:00 State=UP
CONF

say "starting munged, slurmctld, slurmd (ports $port, $((port + 1)); folder $work)"
munged --foreground --socket="$work/munge/munge.socket" --key-file="$work/munge/munge.key" \
    --pid-file="$work/run/munged.pid" --log-file="$work/log/munged.log" \
    --seed-file="$work/munge/munged.seed" >>"$work/log/munged.out" 2>&1 &
pids+=("$!:munged")
for ((i = 0; i < 50; i++)); do
    [[ -S $work/munge/munge.socket ]] && break
    sleep 0.1
done
[[ -S $work/munge/munge.socket ]] || fail "munged did not open its socket"

slurmctld -D -f "$SLURM_CONF" >>"$work/log/slurmctld.out" 2>&1 &
pids+=("$!:slurmctld")
slurmd -D -f "$SLURM_CONF" -N localhost >>"$work/log/slurmd.out" 2>&1 &
pids+=("$!:slurmd")

deadline=$((SECONDS + 30))
until scontrol -o show node localhost 2>/dev/null | grep -q 'State=IDLE'; do
    ((SECONDS < deadline)) || fail "node did not become idle in 30 s: $(scontrol -o show node localhost 2>&1)"
    sleep 0.2
done
say "cluster up: node localhost idle"

# sbatch --wait would return 0 even when a shard failed and the merge was cancelled: poll the
# merge job until its state is final.
job_state() { scontrol -o show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2; }
rows() { echo $(($(wc -l <"$1") - 1)); }
# run.csv without the run's times and history folder name (started, finished, archive).
run_lines() { cut -d, -f1,2,23 --complement "$1"; }
# A column of the last line of a run.csv, by name.
run_field() { awk -F, -v want="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == want) c = i } END { print $c }' "$1"; }

# night N: submit the example (4-shard array, merge after it) with the state kept from earlier
# nights, run the same scan unsharded with its own state, and compare.
night() {
    local n=$1 nightly=$work/night-$1 started=$SECONDS submitted array_job merge_job state
    local deadline k s single_code merge_code total busy task_states single_csvs excludes f
    submitted=$(
        ROOTS="${roots[*]}" ONRECORD_BIN=$bin CONFIG=$config REGISTER=$register AS_OF=$as_of \
            SHARDS=$shards WORK=$nightly OUT=$work/merged STATE_DIR=$work/nightly-state \
            PARTITION=test SCAN_TIME=00:05:00 SCAN_MEM=100M SCAN_CPUS=1 MERGE_TIME=00:05:00 \
            MERGE_MEM=100M COMMON_EXTRA='' SCAN_EXTRA='' bash examples/slurm/submit.sh
    ) || fail "night $n: submit.sh failed: $submitted"
    array_job=$(sed -n 's/^array_job=//p' <<<"$submitted")
    merge_job=$(sed -n 's/^merge_job=//p' <<<"$submitted")
    [[ $array_job =~ ^[0-9]+$ && $merge_job =~ ^[0-9]+$ ]] || fail "night $n: submit.sh printed: $submitted"
    jobs_to_cancel+=("$array_job" "$merge_job")
    say "night $n: submitted array job $array_job (shards 1-$shards) and merge job $merge_job"

    deadline=$((SECONDS + timeout_s))
    while :; do
        state=$(job_state "$merge_job" | head -n 1)
        case $state in
        PENDING | RUNNING | CONFIGURING | COMPLETING | SUSPENDED | REQUEUED | RESIZING | "") ;;
        *) break ;;
        esac
        ((SECONDS < deadline)) || fail "night $n: merge job $merge_job still ${state:-unknown} after ${timeout_s} s"
        sleep 0.3
    done
    say "night $n: merge job $merge_job $state after $((SECONDS - started)) s"

    # Every array task must have completed (exit 0 from the wrapper), and each shard's real
    # onrecord exit code must be 0, 1, 3 or 5.
    mapfile -t task_states < <(scontrol -o show job "$array_job" |
        sed -n 's/.*ArrayTaskId=\([0-9]*\) .*JobState=\([A-Z_]*\).*/task \1: \2/p' | sort -n -k2)
    [[ ${#task_states[@]} == "$shards" ]] ||
        fail "night $n: expected $shards array tasks, scontrol shows ${#task_states[@]}: ${task_states[*]}"
    for s in "${task_states[@]}"; do
        [[ $s == *": COMPLETED" ]] || fail "night $n: array tasks ended as: $(printf '%s; ' "${task_states[@]}")"
    done
    [[ $state == COMPLETED ]] || fail "night $n: merge job $merge_job ended as $state"
    for ((k = 1; k <= shards; k++)); do
        [[ $(cat "$nightly/parts/shard-$k.exit" 2>/dev/null) =~ ^[0135]$ ]] ||
            fail "night $n: shard $k: onrecord exit code '$(cat "$nightly/parts/shard-$k.exit" 2>/dev/null)'"
    done
    merge_code=$(cat "$nightly/parts/merge.exit")

    # The same scan, unsharded.
    set +e
    "$bin" scan "${roots[@]}" --config "$config" --register "$register" --as-of "$as_of" \
        --state "$work/single.sqlite" --out "$work/single" --quiet 2>"$work/log/single.err"
    single_code=$?
    set -e
    [[ $single_code =~ ^[0135]$ ]] || fail "night $n: unsharded scan exit code $single_code: $(cat "$work/log/single.err")"
    mapfile -t single_csvs < <(cd "$work/single" && ls -- *.csv)
    ((${#single_csvs[@]} >= 5)) || fail "unsharded run wrote only: ${single_csvs[*]}"
    (($(rows "$work/single/files.csv") > 1)) || fail "unsharded files.csv has no rows"
    [[ $(head -n 1 "$work/single/run.csv") == *started,finished,*,archive,* ]] ||
        fail "run.csv columns changed: update run_lines"

    # The shards really split the work: their files.csv rows add up to the unsharded run's,
    # and more than one shard got files.
    total=0 busy=0
    for ((k = 1; k <= shards; k++)); do
        f=$(rows "$nightly/parts/shard-$k/files.csv")
        total=$((total + f))
        ((f == 0)) || busy=$((busy + 1))
    done
    [[ $total == "$(rows "$work/single/files.csv")" ]] ||
        fail "night $n: shards' files.csv hold $total rows, the unsharded run $(rows "$work/single/files.csv")"
    ((busy > 1)) || fail "night $n: only $busy shard(s) got any files"

    excludes=()
    for f in "${run_specific[@]}"; do excludes+=(-x "$f"); done
    if ! diff -r "${excludes[@]}" "$work/single" "$work/merged" >"$work/log/diff.txt" 2>&1; then
        echo "---- diff -r unsharded merged" >&2
        head -n 80 "$work/log/diff.txt" >&2
        fail "night $n: merged reports differ from the unsharded scan"
    fi
    if ! diff <(grep -v 'id="run-stamp"' "$work/single/report.html") \
        <(grep -v 'id="run-stamp"' "$work/merged/report.html") >&2; then
        fail "night $n: merged report.html differs from the unsharded one (beyond its run time stamp)"
    fi
    if ! diff <(run_lines "$work/single/run.csv") <(run_lines "$work/merged/run.csv") >&2; then
        fail "night $n: merged run.csv differs from the unsharded one (beyond started, finished, archive)"
    fi
    [[ $merge_code == "$single_code" ]] || fail "night $n: merge exit code $merge_code, unsharded scan $single_code"
    say "night $n: merged reports equal the unsharded scan: ${single_csvs[*]} (exit code $single_code)"
}

started=$SECONDS
night 1
# Night 2, nothing changed: each shard reads its own state file and parses nothing again, the
# merge's findings history reports no finding as new, and the reports still equal an unsharded
# run that has its own state.
night 2
reused=0
for ((k = 1; k <= shards; k++)); do
    r=$(run_field "$work/night-2/parts/shard-$k/run.csv" files_reused)
    p=$(run_field "$work/night-2/parts/shard-$k/run.csv" files_parsed)
    [[ $p == 0 ]] || fail "night 2: shard $k parsed $p file(s) again despite its state"
    reused=$((reused + r))
done
[[ $reused == "$(run_field "$work/single/run.csv" files_reused)" && $reused -gt 0 ]] ||
    fail "night 2: shards reused $reused file(s), the unsharded run $(run_field "$work/single/run.csv" files_reused)"
[[ $(run_field "$work/merged/run.csv" findings_new) == 0 ]] ||
    fail "night 2: merge reports $(run_field "$work/merged/run.csv" findings_new) new finding(s)"
say "night 2: shards reused $reused file(s) from their state files; no finding new"
say "PASSED in $((SECONDS - started)) s after the cluster came up"
