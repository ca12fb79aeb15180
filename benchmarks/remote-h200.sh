#!/bin/bash
# Issue 14 on the GPU machine (through the device tool, with .devrun/ and .gl/ as in docs/gpu-runs.md): the attached
# monitor's figures (RemoteProbe) and allocate+free with memscope's JFR events enabled, this code
# (.devrun/bench/benchmarks.jar) against the code before the JFR bridge (.devrun/bench/benchmarks-old.jar), interleaved.
# The JRE must include jdk.attach, jdk.management.agent, java.management.rmi and jdk.management.jfr.
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
export VK_DRIVER_FILES=$(ls /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd*.json /usr/share/vulkan/icd.d/nvidia_icd*.json 2>/dev/null | head -1)
mkdir -p /tmp/jre && tar -xJf .devrun/jre17.tar.xz -C /tmp/jre
JAVA=/tmp/jre/jre17/bin/java
OUT=${OUT:-/tmp/out}; mkdir -p $OUT
for i in 1 2; do
  timeout 240 $JAVA -Dorg.lwjgl.system.stackSize=4096 -cp .devrun/bench/benchmarks.jar io.memscope.benchmarks.RemoteProbe \
    100000 1000000 > $OUT/remote-probe-$i.txt 2>&1
  grep -v "^  target" $OUT/remote-probe-$i.txt
done
for round in 1 2; do
  for jar in benchmarks-old benchmarks; do
    params=off,idle,subscribed; [ $jar = benchmarks ] && params=off,idle,subscribed,jfr
    timeout 200 $JAVA -jar .devrun/bench/$jar.jar InterleavedAllocateFreeBenchmark -p monitoring=$params -f 2 -wi 3 -w 1s \
      -i 4 -r 1s -jvmArgsAppend -Dorg.lwjgl.system.stackSize=4096 -rf json -rff $OUT/$jar-r$round.json > $OUT/$jar-r$round.log 2>&1
  done
done
timeout 200 $JAVA -jar .devrun/bench/benchmarks.jar InterleavedAllocateFreeBenchmark -p monitoring=subscribed,jfr -f 3 -wi 3 \
  -w 1s -i 4 -r 1s -jvmArgsAppend -Dorg.lwjgl.system.stackSize=4096 -rf json -rff $OUT/benchmarks-jfr-r3.json > $OUT/benchmarks-jfr-r3.log 2>&1
