#!/usr/bin/env python3
"""Measured-iteration scores per benchmark from a JMH text log, for runs whose forks crashed after measuring.

usage: iteration-scores.py LOG...
Prints, per benchmark, every measurement iteration's score (warm-up iterations are skipped) and their mean
with a 95 % t-interval over iterations. JMH drops a fork's results when the fork dies at exit; the iteration
lines it printed before are still valid measurements.
"""
import math, re, statistics, sys

T95 = {2: 12.71, 3: 4.30, 4: 3.18, 5: 2.78, 6: 2.57, 7: 2.45, 8: 2.36, 9: 2.31, 10: 2.26, 11: 2.23, 12: 2.20}

for path in sys.argv[1:]:
    scores, name, threads, unit = {}, None, None, ""
    for line in open(path):
        if m := re.match(r"# Benchmark: (\S+)", line):
            name = m.group(1).rsplit(".", 1)[-1]
        elif m := re.match(r"# Threads: (\d+)", line):
            threads = m.group(1)
        elif m := re.match(r"Iteration\s+\d+: ([\d.]+) (\S+)", line):
            scores.setdefault((name, threads), []).append(float(m.group(1)))
            unit = m.group(2)
    for (bench, t), values in scores.items():
        mean = statistics.mean(values)
        half = T95.get(len(values), 2.0) * statistics.stdev(values) / math.sqrt(len(values)) if len(values) > 1 else float("nan")
        print(f"{path}: {bench} threads={t}: mean {mean:.3f} +/- {half:.3f} {unit} "
              f"({len(values)} iterations: {', '.join(f'{v:.3f}' for v in values)})")
