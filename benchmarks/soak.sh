#!/usr/bin/env bash
# Soak check: runs a workload through the launcher (./memscope, with its JVM defaults) for N minutes, samples the
# process's resident set (VmRSS) and the Java heap after each GC, and fails when memory grows after the warm-up.
# Not part of CI (./memscope test, ./mvnw verify): it takes the whole run's time. Results: docs/performance.md,
# "Memory over time".
#
#   benchmarks/soak.sh                      10 minutes of `run dynamic`, warm-up 2 minutes
#   benchmarks/soak.sh --minutes 2          a quick check (warm-up then 1 minute)
#   benchmarks/soak.sh --workload terrain   another workload (any of `./memscope list`)
#
# Options: --minutes N (10, at least 2), --warmup M (2; half the run if that is shorter than 4 min),
#   --interval S (10 s between RSS samples; 5 s in runs under 4 min),
#   --rss-growth PCT (10), --rss-slope PCT (0.5, per minute), --heap-growth MIB (16), --out DIR
#   (benchmarks/target/soak-<time>), --no-perturb, --keep-retention; anything after -- goes to the workload.
#
# Pass criteria, over the measurement: from the end of the warm-up to the end of the run (W = its first and
# last minute, or its first and last third when it is shorter than 3 minutes):
#   1. RSS growth: the median RSS of the last W is at most PCT % (10) above the median of the first W;
#   2. RSS trend: the least-squares slope of RSS over the measurement is at most PCT % (0.5) of the first W's
#      median per minute, unless its 95 % interval includes zero (noise);
#   3. Java heap: the live heap, measured by a full GC the script asks for (jcmd GC.run) at the end of the warm-up
#      and again 2 intervals before the end (the end probe; RSS sampling stops there), grew by at most MIB (16). (Heap after the ordinary GCs is reported
#      too, but not judged: with G1 it saw-tooths by ~10 MiB between concurrent cycles.)
#   4. the workload ended with exit status 0 (no Vulkan error, no leaks).
# Exit status: 0 pass, 1 fail, 2 bad usage or nothing measured.
#
# Three settings make the figures mean what the criteria need (documented in performance.md): RSS should count
# memory when it is allocated, not when its pages are first written, or bounded warm-up shows as growth:
#   * MALLOC_PERTURB_=204 (glibc): on lavapipe device memory is plain malloc'd host memory whose pages become
#     resident only when first written (for `dynamic`: when defragmentation copies into them), so RSS would
#     creep towards the size of VMA's blocks for minutes; perturbing makes every allocation resident at once
#     (it fills it), so RSS counts device memory as allocated. Costs malloc speed (fewer frames). --no-perturb.
#   * -XX:+AlwaysPreTouch: the committed Java heap is resident from the start (else the heap's pages come in
#     over minutes as G1 first uses its regions: +10 MiB between minute 2 and 5 in a 64 MiB heap);
#   * -Dmemscope.snapshotRetention=PT1M: `run` takes a snapshot every 10 s and keeps them for 10 minutes by
#     default (about 150 bytes per live allocation each, ~0.75 MB per snapshot for `dynamic`): a bounded history
#     that would grow through the whole window of a 10-minute run. With 1 minute it is full before the window
#     starts. --keep-retention keeps the default.
# Also on: -XX:NativeMemoryTracking=summary (NMT diff from the end of the warm-up to the end: nmt-diff.txt) and
# a GC log (gc.log). MEMSCOPE_JAVA_OPTS from the environment is kept and added to.
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=10 warmup="" interval="" rss_growth=10 rss_slope=0.5 heap_growth=16 perturb=1 keep_retention=0
workload=dynamic out="" extra=()
usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --interval) interval=$2; shift 2 ;;
    --rss-growth) rss_growth=$2; shift 2 ;;
    --rss-slope) rss_slope=$2; shift 2 ;;
    --heap-growth) heap_growth=$2; shift 2 ;;
    --workload) workload=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --no-perturb) perturb=0; shift ;;
    --keep-retention) keep_retention=1; shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) usage ;;
    *) echo "soak: unknown option $1" >&2; usage ;;
  esac
done
[[ "$minutes" =~ ^[0-9]+$ && "${warmup:-0}" =~ ^[0-9]+$ && "${interval:-1}" =~ ^[0-9]+$ ]] \
  || { echo "soak: minutes, warmup, interval are whole numbers" >&2; exit 2; }
[ "$minutes" -ge 2 ] || { echo "soak: need --minutes >= 2" >&2; exit 2; }
seconds=$((minutes * 60))
if [ -n "$warmup" ]; then warm=$((warmup * 60)); elif [ "$minutes" -ge 4 ]; then warm=120; else warm=$((seconds / 2)); fi
[ "$warm" -ge 30 ] && [ "$warm" -le $((seconds - 30)) ] || { echo "soak: need 1 <= --warmup < --minutes" >&2; exit 2; }
interval=${interval:-$([ "$minutes" -ge 4 ] && echo 10 || echo 5)}
[ "$interval" -ge 1 ] || { echo "soak: --interval must be >= 1" >&2; exit 2; }
span=$((seconds - warm))                              # the measurement
win=$(( span >= 180 ? 60 : span / 3 ))               # W
out=${out:-benchmarks/target/soak-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
case "$out" in *[[:space:]]*) echo "soak: the output folder's path must not contain spaces (it goes into JVM options)" >&2; exit 2 ;; esac

opts="${MEMSCOPE_JAVA_OPTS:-} -XX:+AlwaysPreTouch -Xlog:gc:file=$out/gc.log:uptime -XX:NativeMemoryTracking=summary"
[ "$keep_retention" -eq 1 ] || opts="$opts -Dmemscope.snapshotRetention=PT1M"
envs=(MEMSCOPE_JAVA_OPTS="$opts")
[ "$perturb" -eq 1 ] && envs+=(MALLOC_PERTURB_=204)
{
  echo "command: ./memscope run $workload --seconds $seconds ${extra[*]:-}"
  echo "environment: ${envs[*]}"
  echo "criteria: rss growth <= $rss_growth %, rss slope <= $rss_slope %/min (unless within noise), live heap growth <= $heap_growth MiB; warm-up $warm s, windows $win s, samples every $interval s"
  echo "host: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo), $(uname -r)"
} > "$out/settings.txt"
cat "$out/settings.txt"

env "${envs[@]}" ./memscope run "$workload" --seconds "$seconds" "${extra[@]}" > "$out/workload.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' INT TERM
# the launcher may build first; it then execs java in the same process
while kill -0 "$pid" 2>/dev/null && ! readlink "/proc/$pid/exe" 2>/dev/null | grep -q java; do sleep 1; done
start=$(date +%s)
echo "t_s,rss_mib" > "$out/rss.csv"
baseline_taken=0 diff_taken=0 end_probe=$((seconds - 2 * interval))
while kill -0 "$pid" 2>/dev/null; do
  now=$(( $(date +%s) - start ))
  rss=$(awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status" 2>/dev/null || true)
  # not after the end probe: jcmd's attach listener and NMT's report add a few MiB of their own
  [ -n "$rss" ] && [ "$diff_taken" -eq 0 ] && echo "$now,$rss" >> "$out/rss.csv"
  if command -v jcmd >/dev/null 2>&1; then
    if [ "$baseline_taken" -eq 0 ] && [ "$now" -ge "$warm" ]; then
      jcmd "$pid" GC.run > /dev/null 2>&1 || true
      jcmd "$pid" VM.native_memory baseline > /dev/null 2>&1 || true
      jcmd "$pid" VM.native_memory summary > "$out/nmt-warm.txt" 2>&1 || true
      baseline_taken=1
    fi
    if [ "$diff_taken" -eq 0 ] && [ "$now" -ge "$end_probe" ]; then
      jcmd "$pid" GC.run > /dev/null 2>&1 || true
      jcmd "$pid" VM.native_memory summary.diff > "$out/nmt-diff.txt" 2>&1 || true
      diff_taken=1
    fi
  fi
  sleep "$interval"
done
status=0
wait "$pid" || status=$?
echo "workload exit status: $status" >> "$out/workload.log"

# heap after each evacuating GC (young, mixed, full; not G1's remark/cleanup): "t_s,heap_after_mib,kind"
awk '/Pause (Young|Full)/ {
       kind = /Pause Full \((Diagnostic Command|System.gc\(\))\)/ ? "requested" : "ordinary"
       t = $1; gsub(/[\[\]s]/, "", t)
       if (match($0, /[0-9]+[KMG]->[0-9]+[KMG]/)) {
         s = substr($0, RSTART, RLENGTH); split(s, p, "->"); v = p[2]; u = substr(v, length(v)); v = v + 0
         if (u == "K") v /= 1024; if (u == "G") v *= 1024
         printf "%.1f,%.1f,%s\n", t, v, kind
       }
     }' "$out/gc.log" 2>/dev/null > "$out/heap-after-gc.csv" || true

# the verdict
w0=$warm w1=$((warm + win)) e0=$((seconds - win)) h1=$((warm + span / 3)) h2=$((seconds - span / 3))
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
window() { awk -F, -v from="$1" -v to="$2" 'NR > 1 && $1 >= from && $1 < to { print $2 }' "$3"; }
rss_first=$(window "$w0" "$w1" "$out/rss.csv" | median)
rss_last=$(window "$e0" 1e9 "$out/rss.csv" | median)
live_first=$(awk -F, '$3 == "requested" { print $2; exit }' "$out/heap-after-gc.csv")
live_last=$(awk -F, '$3 == "requested" { v = $2; n++ } END { if (n >= 2) print v }' "$out/heap-after-gc.csv")
heap_first=$(awk -F, -v from="$w0" -v to="$h1" '$3 == "ordinary" && $1 >= from && $1 < to { print $2 }' "$out/heap-after-gc.csv" | sort -n | head -n 1)
heap_last=$(awk -F, -v from="$h2" '$3 == "ordinary" && $1 >= from { print $2 }' "$out/heap-after-gc.csv" | sort -n | head -n 1)
# least-squares slope of RSS (MiB per minute) after the warm-up, with its 95 % half-interval (normal approximation)
read -r slope slope_ci n <<< "$(awk -F, -v from="$w0" 'NR > 1 && $1 >= from { x = $1 / 60; n++; sx += x; sy += $2; sxx += x * x; sxy += x * $2; xs[n] = x; ys[n] = $2 }
  END { if (n < 3) { print "0 0 " n; exit } d = n * sxx - sx * sx; b = (n * sxy - sx * sy) / d; a = (sy - b * sx) / n
        for (i = 1; i <= n; i++) { r = ys[i] - a - b * xs[i]; ss += r * r }
        se = sqrt(ss / (n - 2) / (sxx - sx * sx / n)); printf "%.3f %.3f %d\n", b, 1.96 * se, n }' "$out/rss.csv")"

fail=0
report() { echo "$*" | tee -a "$out/verdict.txt"; }
: > "$out/verdict.txt"
if [ -z "$rss_first" ] || [ -z "$rss_last" ]; then
  report "no RSS samples in the windows (did the workload start? see $out/workload.log)"
  exit 2
fi
growth=$(awk -v a="$rss_first" -v b="$rss_last" 'BEGIN { printf "%.2f", (b - a) / a * 100 }')
slope_pct=$(awk -v s="$slope" -v a="$rss_first" 'BEGIN { printf "%.3f", s / a * 100 }')
report "RSS median from $w0 s to $w1 s: $rss_first MiB; from $e0 s to the end: $rss_last MiB; growth $growth % (limit $rss_growth %)"
report "RSS slope after warm-up: $slope ± $slope_ci MiB/min over $n samples = $slope_pct %/min (limit $rss_slope %/min)"
if awk -v g="$growth" -v l="$rss_growth" 'BEGIN { exit !(g > l) }'; then report "FAIL: RSS grew more than $rss_growth %"; fail=1; fi
if awk -v s="$slope" -v c="$slope_ci" -v p="$slope_pct" -v l="$rss_slope" 'BEGIN { exit !(p > l && s - c > 0) }'; then
  report "FAIL: RSS trend above $rss_slope %/min"; fail=1
fi
if [ -n "$live_first" ] && [ -n "$live_last" ]; then
  report "Live Java heap (full GC at the end of the warm-up and before the end): $live_first -> $live_last MiB (limit +$heap_growth MiB)"
  if awk -v a="$live_first" -v b="$live_last" -v l="$heap_growth" 'BEGIN { exit !(b - a > l) }'; then
    report "FAIL: the live Java heap grew more than $heap_growth MiB"; fail=1
  fi
else
  report "FAIL: no live-heap measurement (needs jcmd and the GC log: see gc.log)"; fail=1
fi
report "Heap after ordinary GCs, smallest: ${heap_first:-none} MiB ($w0-$h1 s), ${heap_last:-none} MiB ($h2 s to the end); GCs: $(wc -l < "$out/heap-after-gc.csv")"
if [ "$status" -ne 0 ]; then report "FAIL: the workload exited with status $status (see workload.log)"; fail=1; fi
[ -f "$out/nmt-diff.txt" ] && report "NMT: $(grep -m1 '^Total' "$out/nmt-diff.txt" || echo 'no diff')"
report "$([ $fail -eq 0 ] && echo PASS || echo FAIL) ($out)"
exit $fail
