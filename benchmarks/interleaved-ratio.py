#!/usr/bin/env python3
"""Per-fork memscope/raw ratios from an InterleavedAllocateFreeBenchmark JMH JSON result (-rf json).

usage: interleaved-ratio.py RESULT.json
For each benchmark parameter set: every fork's ratio memscopeNanos / rawNanos (sums over its measurement
iterations) with the time each half took in total, and the mean ratio with a 95 % t-interval over forks.
"""
import json, math, statistics, sys

T95 = {2: 12.71, 3: 4.30, 4: 3.18, 5: 2.78, 6: 2.57, 7: 2.45, 8: 2.36, 9: 2.31, 10: 2.26, 11: 2.23, 12: 2.20}

for result in json.load(open(sys.argv[1])):
    secondary = result["secondaryMetrics"]
    raw_forks, ours_forks = secondary["rawNanos"]["rawData"], secondary["memscopeNanos"]["rawData"]
    ratios = [sum(o) / sum(r) for r, o in zip(raw_forks, ours_forks)]
    print(f"{result['benchmark']} {result.get('params', {})}")
    for i, (r, o) in enumerate(zip(raw_forks, ours_forks)):
        print(f"  fork {i + 1}: ratio {ratios[i]:.3f} (raw {sum(r) / 1e6:.1f} ms, memscope {sum(o) / 1e6:.1f} ms)")
    mean = statistics.mean(ratios)
    half = T95.get(len(ratios), 2.0) * statistics.stdev(ratios) / math.sqrt(len(ratios)) if len(ratios) > 1 else float("nan")
    print(f"  ratio memscope/raw: mean {mean:.3f} +/- {half:.3f} (95 % t-interval, {len(ratios)} forks); "
          f"median {statistics.median(ratios):.3f}, min {min(ratios):.3f}, max {max(ratios):.3f}")
