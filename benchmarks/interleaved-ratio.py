#!/usr/bin/env python3
"""Per-fork memscope/raw ratios from an InterleavedAllocateFreeBenchmark JMH JSON result (-rf json).

usage: interleaved-ratio.py RESULT.json
For each benchmark parameter set: every fork's ratio memscopeNanos / rawNanos (sums over its measurement
iterations) with the time each half took in total, and the mean ratio with a 95 % t-interval over forks.
"""
import json, statistics, sys

from tinterval import half_width

for result in json.load(open(sys.argv[1])):
    secondary = result["secondaryMetrics"]
    raw_forks, ours_forks = secondary["rawNanos"]["rawData"], secondary["memscopeNanos"]["rawData"]
    ratios = [sum(o) / sum(r) for r, o in zip(raw_forks, ours_forks)]
    print(f"{result['benchmark']} {result.get('params', {})}")
    for i, (r, o) in enumerate(zip(raw_forks, ours_forks)):
        print(f"  fork {i + 1}: ratio {ratios[i]:.3f} (raw {sum(r) / 1e6:.1f} ms, memscope {sum(o) / 1e6:.1f} ms)")
    mean = statistics.mean(ratios)
    half = half_width(ratios)
    print(f"  ratio memscope/raw: mean {mean:.3f} +/- {half:.3f} (95 % t-interval, {len(ratios)} forks); "
          f"median {statistics.median(ratios):.3f}, min {min(ratios):.3f}, max {max(ratios):.3f}")
