#!/usr/bin/env python3
"""Measured-iteration scores per benchmark from a JMH text log, for runs whose forks crashed after measuring.

usage: iteration-scores.py LOG...
Prints, per benchmark, every measurement iteration's score (warm-up iterations are skipped) and their mean
with a 95 % t-interval over iterations. JMH drops a fork's results when the fork dies at exit; the iteration
lines it printed before are still valid measurements.
"""
import re, statistics, sys

from tinterval import half_width

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
        half = half_width(values)
        print(f"{path}: {bench} threads={t}: mean {mean:.3f} +/- {half:.3f} {unit} "
              f"({len(values)} iterations: {', '.join(f'{v:.3f}' for v in values)})")
