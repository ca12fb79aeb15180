#!/usr/bin/env python3
"""Paired JMH runs: alternates the raw baseline and the memscope benchmark, one fork each, swapping their
order every round, so slow drifts of the machine hit both equally. Prints each round's scores and the
memscope/raw ratio, then the median ratio with its range and a 95 % t-interval of the mean ratio.

usage: paired-ratio.py JAVA CLASSPATH CLASS.RAW_METHOD CLASS.MEMSCOPE_METHOD ROUNDS [extra JMH args...]
A benchmark may carry JMH parameters after a colon: CLASS.METHOD:name=value[,name=value...]
The environment variable JMH_EXTRA adds JMH options before the benchmark name (e.g. "-jvmArgsAppend -Dx=y").
"""
import json, os, statistics, subprocess, sys, tempfile

from tinterval import half_width

java, classpath, raw, ours, rounds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
extra = sys.argv[6:] or ["-wi", "3", "-w", "1s", "-i", "5", "-r", "1s"]

def score(spec):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        path = out.name
    benchmark, _, params = spec.partition(":")
    param_args = [arg for p in params.split(",") if p for arg in ("-p", p)]
    subprocess.run([java, "-cp", classpath, "org.openjdk.jmh.Main", *os.environ.get("JMH_EXTRA", "").split(), benchmark + "$", *param_args, "-f", "1", *extra,
                    "-rf", "json", "-rff", path], check=True, stdout=subprocess.DEVNULL)
    with open(path) as f:
        result = json.load(f)[0]["primaryMetric"]
    os.unlink(path)
    return result["score"], result["scoreUnit"]

ratios = []
for i in range(rounds):
    order = [raw, ours] if i % 2 == 0 else [ours, raw]
    scores = {b: score(b) for b in order}
    ratio = scores[ours][0] / scores[raw][0]
    ratios.append(ratio)
    print(f"round {i + 1}: raw {scores[raw][0]:.1f} {scores[raw][1]}, memscope {scores[ours][0]:.1f} -> ratio {ratio:.3f}", flush=True)

mean = statistics.mean(ratios)
half = half_width(ratios)
print(f"ratio memscope/raw: median {statistics.median(ratios):.3f} (min {min(ratios):.3f}, max {max(ratios):.3f}); "
      f"mean {mean:.3f} +/- {half:.3f} (95 % t-interval, {len(ratios)} rounds)")
