#!/bin/bash
# shared delivery pool vs one thread per subscriber, the same machine and run: lossless hub throughput
mkdir -p /tmp/jre && tar -xJf .devrun/jre17.tar.xz -C /tmp/jre
JAVA=/tmp/jre/jre17/bin/java
OUT=${OUT:-/tmp/out}; mkdir -p $OUT
nproc > $OUT/nproc.txt
for round in 1 2; do
  for jar in benchmarks-old benchmarks; do
    $JAVA -jar .devrun/bench/$jar.jar EventHubBenchmark.throughput -p policy=LOSSLESS -p subscribers=1,4,16 -f 1 -wi 2 -w 1s -i 4 -r 1s \
      -rf json -rff $OUT/pool-$jar-r$round.json > $OUT/pool-$jar-r$round.log 2>&1
    grep -E "^EventHubBenchmark" $OUT/pool-$jar-r$round.log | sed "s/^/$jar r$round /"
  done
done
