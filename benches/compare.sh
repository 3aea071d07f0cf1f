#!/usr/bin/env bash
# Whole-run benchmark (issue #7): onrecord scan vs `rg -c -f PATTERNS` vs `cat` of
# every file (the read floor), on drives made by the gen_drive example, warm page
# cache, timed together by hyperfine; peak RSS from /usr/bin/time -v.
#
#   benches/compare.sh [--work DIR] [--runs N] [VARIANT...]
#
# VARIANTs (default: all, in this order):
#   mixed1g    1 GiB mixed drive (gen_drive --size 1GiB)
#   jobs       onrecord --jobs 1 vs --jobs 2 on the 1 GiB drive
#   single1g   one 1 GiB WhatsApp export (gen_drive --single --size 1GiB)
#   small200k  200,000 exports of 1-4 KiB (gen_drive --files small): files/s
#   mixed4g    4 GiB mixed drive (gen_drive --size 4GiB): does memory stay flat?
#
# Drives are generated once into --work (default /tmp/onrecord-bench), outside the
# repository, and reused. PATTERNS is benches/patterns.txt: the literal keywords
# the default pack's prefilters look for (marking words, decision flags and verbs,
# timer and placeholder phrases), one a line, searched case-sensitively as rg does
# by default. Installs hyperfine, ripgrep and time from Debian's packages when run
# as root; otherwise says what is missing and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

work=/tmp/onrecord-bench
runs=5
variants=()
while [ $# -gt 0 ]; do
    case "$1" in
        --work) work=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
        *) variants+=("$1"); shift ;;
    esac
done
[ ${#variants[@]} -gt 0 ] || variants=(mixed1g jobs single1g small200k mixed4g)

need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v rg >/dev/null || need+=(ripgrep)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
    else
        echo "compare.sh: missing ${need[*]} (install them from Debian's packages); skipping" >&2
        exit 0
    fi
fi

cargo build --release --quiet --bin onrecord --example gen_drive
onrecord=$repo/target/release/onrecord
gen=$repo/target/release/examples/gen_drive
patterns=$repo/benches/patterns.txt
mkdir -p "$work"

# free_gib DIR: free space in GiB where DIR lives.
free_gib() { df -Pk "$1" | awk 'NR==2 { print int($4 / 1048576) }'; }

# drive NAME NEED_GIB GEN_ARGS...: generates $work/NAME unless present.
drive() {
    local name=$1 need=$2; shift 2
    local dir=$work/$name
    if [ ! -f "$dir/.complete" ]; then
        if [ "$(free_gib "$work")" -lt $((need + 2)) ]; then
            echo "compare.sh: less than $((need + 2)) GiB free in $work; skipping $name" >&2
            return 1
        fi
        rm -rf "$dir"
        "$gen" "$@" "$dir"
        touch "$dir/.complete"
    fi
    echo "$dir"
}

# warm DIR: reads every file once so all runs see a warm page cache.
warm() { find "$1" -type f -print0 | xargs -0 cat > /dev/null; }

# peak_rss CMD...: peak resident set size of a command, in MiB.
peak_rss() {
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident/ { printf "%.0f", $2 / 1024 }'
}

# compare NAME DIR: onrecord vs rg vs cat on DIR, one hyperfine run.
compare() {
    local name=$1 dir=$2 out=$work/reports-$1
    warm "$dir"
    local cat_cmd="find '$dir' -type f -print0 | xargs -0 cat > /dev/null"
    local rg_cmd="rg -c --no-ignore --hidden -f '$patterns' '$dir' > /dev/null"
    local on_cmd="'$onrecord' scan '$dir' --out '$out' --quiet --no-state --keep-history 0"
    hyperfine --style basic --warmup 1 --runs "$runs" -i \
        --export-json "$work/$name.json" \
        -n onrecord "$on_cmd" -n rg "$rg_cmd" -n cat "$cat_cmd"
    local files
    files=$(find "$dir" -type f ! -name .complete | wc -l)
    local rss_on rss_rg
    rss_on=$(peak_rss "$onrecord" scan "$dir" --out "$out" --quiet --no-state --keep-history 0 || true)
    rss_rg=$(peak_rss rg -c --no-ignore --hidden -f "$patterns" "$dir" || true)
    python3 - "$work/$name.json" "$name" "$files" "$rss_on" "$rss_rg" <<'PY'
import json, sys
path, name, files, rss_on, rss_rg = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
r = {x["command"]: x for x in json.load(open(path))["results"]}
med = {k: v["median"] for k, v in r.items()}
mn = {k: v["min"] for k, v in r.items()}
print(f"== {name}: {files} files")
for k in ("onrecord", "rg", "cat"):
    print(f"   {k:9} median {med[k]:8.3f} s   min {mn[k]:8.3f} s   {files / med[k]:10.0f} files/s")
print(f"   onrecord / rg  = {med['onrecord'] / med['rg']:.2f}x (median), {mn['onrecord'] / mn['rg']:.2f}x (min)")
print(f"   onrecord / cat = {med['onrecord'] / med['cat']:.2f}x (median)")
print(f"   peak RSS: onrecord {rss_on} MiB, rg {rss_rg} MiB")
PY
}

for v in "${variants[@]}"; do
    case "$v" in
        mixed1g) d=$(drive mixed-1g 1 --size 1GiB) && compare mixed1g "$d" ;;
        mixed4g) d=$(drive mixed-4g 4 --size 4GiB) && compare mixed4g "$d" ;;
        single1g) d=$(drive single-1g 1 --single --size 1GiB) && compare single1g "$d" ;;
        small200k) d=$(drive small-200k 2 --files small --count 200000) && compare small200k "$d" ;;
        jobs)
            d=$(drive mixed-1g 1 --size 1GiB) || continue
            warm "$d"
            hyperfine --style basic --warmup 1 --runs "$runs" -i \
                --export-json "$work/jobs.json" \
                -n jobs1 "'$onrecord' scan '$d' --out '$work/reports-jobs' --quiet --no-state --keep-history 0 --jobs 1" \
                -n jobs2 "'$onrecord' scan '$d' --out '$work/reports-jobs' --quiet --no-state --keep-history 0 --jobs 2"
            python3 - "$work/jobs.json" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
print(f"== jobs: --jobs 1 {r['jobs1']:.2f} s, --jobs 2 {r['jobs2']:.2f} s, speed-up {r['jobs1'] / r['jobs2']:.2f}x")
PY
            ;;
        *) echo "compare.sh: unknown variant $v" >&2; exit 2 ;;
    esac
done
