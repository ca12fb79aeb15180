#!/bin/bash
# Issue 15 on the GPU machine (through the device tool; carry .devrun/jre17.tar.xz, .devrun/bench15 holding this
# build's benchmarks.jar, and .gl/ as in docs/gpu-runs.md): the capture figures (CaptureProbe: a 10-million-event
# capture written, then read in a JVM of its own with 1.5 GiB of heap, exported and replayed) and the recording
# overhead (interleaved allocate+free, raw VMA in the same fork: off, capture, per-event JFR, call stacks).
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
export VK_DRIVER_FILES=$(ls /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd*.json /usr/share/vulkan/icd.d/nvidia_icd*.json 2>/dev/null | head -1)
mkdir -p /tmp/jre && tar -xJf .devrun/jre17.tar.xz -C /tmp/jre
JAVA=/tmp/jre/jre17/bin/java
JAR=.devrun/bench15/benchmarks.jar
OUT=${OUT:-/tmp/out}; mkdir -p $OUT
nproc > $OUT/machine.txt; nvidia-smi -L >> $OUT/machine.txt 2>&1
timeout 120 $JAVA -Dorg.lwjgl.system.stackSize=4096 -cp $JAR io.memscope.benchmarks.CaptureProbe write /tmp/big.jfr \
  5000000 1000 > $OUT/probe-write.txt 2>&1
timeout 150 $JAVA -Xmx1536m -Dorg.lwjgl.system.stackSize=4096 -cp $JAR io.memscope.benchmarks.CaptureProbe read /tmp/big.jfr \
  /tmp/export > $OUT/probe-read.txt 2>&1
grep -h "^write\|^read\|^export\|^replay" $OUT/probe-*.txt
timeout 280 $JAVA -jar $JAR InterleavedAllocateFreeBenchmark -p monitoring=off,capture,jfr,stacks16,stacks -f 2 -wi 3 \
  -w 1s -i 4 -r 1s -jvmArgsAppend -Dorg.lwjgl.system.stackSize=4096 -rf json -rff $OUT/interleaved.json \
  > $OUT/interleaved.log 2>&1
tail -12 $OUT/interleaved.log
