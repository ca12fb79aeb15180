package io.memscope.export.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.lwjgl.vulkan.VK10.VK_FORMAT_R8G8B8A8_UNORM;
import static org.lwjgl.vulkan.VK10.VK_IMAGE_USAGE_SAMPLED_BIT;

import io.memscope.core.AllocationStrategy;
import io.memscope.core.Allocation;
import io.memscope.core.AllocatorCore;
import io.memscope.core.AllocatorOptions;
import io.memscope.core.CaptureOptions;
import io.memscope.core.DefragmentationAlgorithm;
import io.memscope.core.DefragmentationOptions;
import io.memscope.core.ImageRequest;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MonitorOptions;
import io.memscope.core.TestDevice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Captures recorded in process on the real device, replayed on a fresh core of the same device: the same settings
 * give the capture's figures back, other settings figures that differ in the expected way, a small heap counted
 * failures.
 */
class ReplayTest {
    private static final long MIB = 1L << 20;

    /** A capture's file and the core id of its workload. */
    record Recorded(CaptureReader reader, int core, String tag) {
    }

    /**
     * Records a workload: one buffer before the capture, then 4 rounds of 60 buffers (4–68 KiB, two tags) with every
     * third freed, a sample after each round, half of the rest freed, a last sample. No background sampler, so the
     * samples sit exactly where the test takes them.
     */
    static Recorded record(Path file, boolean withImage, long heapLimit) {
        return record(file, withImage, heapLimit, false);
    }

    /** {@link #record(Path, boolean, long)}, with a FULL defragmentation after the third round if asked. */
    static Recorded record(Path file, boolean withImage, long heapLimit, boolean defragment) {
        String tag = "Replay-" + System.nanoTime();
        AllocatorOptions options = AllocatorOptions.defaults().withHeapSizeLimit(heapLimit)
                .withMonitor(MonitorOptions.defaults().withSampleInterval(Duration.ZERO));
        try (AllocatorCore core = AllocatorCore.create(TestDevice.context(), options)) {
            MemoryAllocator main = core.allocator(tag);
            MemoryAllocator other = core.allocator(tag + "-staging");
            List<Allocation> live = new ArrayList<>();
            live.add(CaptureReaderTest.buffer(main, 4096, "before the capture"));
            core.monitor().startCapture(file, CaptureOptions.defaults());
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < 60; i++) {
                    live.add(CaptureReaderTest.buffer(i % 4 == 0 ? other : main, 4096L * (i % 17 + 1), "r" + round + i));
                }
                if (withImage && round == 1) {
                    live.add(main.allocateImage(ImageRequest.texture2D(64, 64, VK_FORMAT_R8G8B8A8_UNORM,
                            VK_IMAGE_USAGE_SAMPLED_BIT)));
                }
                for (int i = live.size() - 1; i >= 1; i -= 3) {
                    live.remove(i).close();
                }
                core.monitor().sampleNow();
                if (defragment && round == 2) {
                    core.defragment(DefragmentationOptions.of(DefragmentationAlgorithm.FULL));
                }
            }
            for (int i = live.size() - 1; i >= 1; i -= 2) {
                live.remove(i).close();
            }
            core.monitor().sampleNow();
            core.monitor().stopCapture();
            live.forEach(Allocation::close);
        }
        CaptureReader reader = CaptureReader.open(file);
        return new Recorded(reader, CaptureReaderTest.coreWithTag(reader, tag), tag);
    }

    @Test
    void theSameSettingsGiveTheCapturesFiguresBack(@TempDir Path dir) {
        Recorded rec = record(dir.resolve("same.jfr"), false, 0);
        ReplayResult result = Replay.run(rec.reader(), rec.core(), ReplayOptions.defaults(), TestDevice.context());
        ReplayFigures capture = result.capture();
        ReplayFigures atSamples = result.replayAtSamples();
        ReplayFigures replay = result.replay();
        System.out.println("replay, same settings: " + result);

        assertThat(result.initialAllocations()).as("live at the capture's start").isEqualTo(1);
        assertThat(result.allocations()).isEqualTo(240);
        assertThat(result.frees()).isEqualTo(result.initialAllocations() + result.allocations() - countLiveAtStop(rec));
        assertThat(result.options().heapSizeLimitBytes()).as("as captured: none").isZero();
        assertThat(capture.measurements()).as("samples in the capture").isEqualTo(5);
        assertThat(atSamples.measurements()).isEqualTo(5);

        assertThat(replay.peakUsedBytes()).isEqualTo(capture.peakUsedBytes());
        assertThat(replay.finalUsedBytes()).isEqualTo(capture.finalUsedBytes());
        assertThat(replay.peakUsedBytesByTag()).isEqualTo(capture.peakUsedBytesByTag()).hasSize(2);
        // same VMA, same order, same sizes, same block size: the same placement, so exactly the same figures
        assertThat(atSamples.peakBlockBytes()).isEqualTo(capture.peakBlockBytes());
        assertThat(atSamples.peakBlockCount()).isEqualTo(capture.peakBlockCount());
        assertThat(atSamples.finalBlockCount()).isEqualTo(capture.finalBlockCount());
        assertThat(atSamples.peakFragmentation()).isCloseTo(capture.peakFragmentation(), within(1e-12));
        assertThat(atSamples.finalFragmentation()).isCloseTo(capture.finalFragmentation(), within(1e-12));
        assertThat(capture.finalFragmentation()).as("holes were left").isGreaterThan(0);
        // every step sees at least what the samples saw
        assertThat(replay.peakBlockBytes()).isGreaterThanOrEqualTo(atSamples.peakBlockBytes());
        assertThat(replay.peakFragmentation()).isGreaterThanOrEqualTo(atSamples.peakFragmentation());
        assertThat(replay.failedAllocations()).isZero();
        assertThat(capture.failedAllocations()).as("not recorded").isEqualTo(-1);
        assertThat(result.imagesAsBuffers()).isZero();
        assertThat(result.unknownFrees()).isZero();
        assertThat(result.notes()).isEmpty();
    }

    private static long countLiveAtStop(Recorded rec) {
        return rec.reader().stateAtSequence(rec.core(), Long.MAX_VALUE).allocations().size();
    }

    @Test
    void aCapturedDefragmentationIsReplayedAsARunThatMovesWhatTheCapturesMoved(@TempDir Path dir) {
        Recorded rec = record(dir.resolve("defrag.jfr"), false, 0, true);
        ReplayResult result = Replay.run(rec.reader(), rec.core(), ReplayOptions.defaults(), TestDevice.context());
        ReplayResult.Defragmentation d = result.defragmentation();
        System.out.println("replay with a defragmentation: " + d + ", notes " + result.notes());
        assertThat(d.runsReplayed()).isEqualTo(1);
        assertThat(d.capturedMoves()).as("the capture's run moved allocations").isPositive();
        // same VMA, same sequence, same settings: the same placement before the run, so the same moves
        assertThat(d.replayMoves()).isEqualTo(d.capturedMoves());
        assertThat(d.replayBytesMoved()).isEqualTo(d.capturedBytesMoved()).isPositive();
        assertThat(result.replay().finalUsedBytes()).isEqualTo(result.capture().finalUsedBytes());
        assertThat(result.replay().finalFragmentation()).isCloseTo(result.capture().finalFragmentation(), within(1e-12));
        assertThat(result.notes()).anyMatch(n -> n.contains("1 defragmentation run(s) replayed"));
    }

    @Test
    void smallerBlocksGiveMoreBlocksAndAStrategyChangesPlacementNotSizes(@TempDir Path dir) {
        Recorded rec = record(dir.resolve("other.jfr"), true, 0);
        ReplayResult large = Replay.run(rec.reader(), rec.core(),
                ReplayOptions.defaults().withPreferredLargeHeapBlockSize(128 * MIB), TestDevice.context());
        ReplayResult small = Replay.run(rec.reader(), rec.core(),
                ReplayOptions.defaults().withPreferredLargeHeapBlockSize(MIB), TestDevice.context());
        ReplayResult memory = Replay.run(rec.reader(), rec.core(),
                ReplayOptions.defaults().withStrategy(AllocationStrategy.MEMORY_OPTIMIZED), TestDevice.context());
        System.out.println("replay, 128 MiB blocks: " + large.replay());
        System.out.println("replay, 1 MiB blocks: " + small.replay());
        System.out.println("replay, memory-optimised: " + memory.replay());

        assertThat(large.capture().peakUsedBytes()).as("a peak of several MiB").isGreaterThan(3 * MIB);
        // ~5 MiB live at the peak cannot fit one 1 MiB block; it fits one 128 MiB block (or VMA's first, smaller one)
        assertThat(small.replay().peakBlockCount()).isGreaterThan(large.replay().peakBlockCount());
        assertThat(small.replay().peakBlockCount()).isGreaterThanOrEqualTo(small.replay().peakUsedBytes() / MIB);
        assertThat(large.replay().peakBlockBytes()).isGreaterThan(small.replay().peakBlockBytes());
        // sizes never depend on block size or strategy; used bytes are the capture's
        for (ReplayResult r : List.of(large, small, memory)) {
            assertThat(r.replay().peakUsedBytes()).isEqualTo(r.capture().peakUsedBytes());
            assertThat(r.replay().failedAllocations()).isZero();
            assertThat(r.imagesAsBuffers()).isEqualTo(1);
            assertThat(r.notes()).anyMatch(n -> n.contains("1 image(s) replayed as buffers"));
        }
        assertThat(memory.options().strategy()).isEqualTo(AllocationStrategy.MEMORY_OPTIMIZED);
    }

    @Test
    void aHeapTooSmallCountsFailedAllocationsAndTheReplayGoesOn(@TempDir Path dir) {
        Recorded rec = record(dir.resolve("small.jfr"), false, 64 * MIB);
        ReplayResult asCaptured = Replay.run(rec.reader(), rec.core(), ReplayOptions.defaults(), TestDevice.context());
        assertThat(asCaptured.options().heapSizeLimitBytes()).as("the captured core's limit").isEqualTo(64 * MIB);
        assertThat(asCaptured.replay().failedAllocations()).isZero();

        ReplayResult tiny = Replay.run(rec.reader(), rec.core(), ReplayOptions.defaults().withHeapSizeLimit(2 * MIB),
                TestDevice.context());
        System.out.println("replay, 2 MiB heap: " + tiny);
        assertThat(tiny.replay().failedAllocations()).isPositive();
        assertThat(tiny.replay().peakUsedBytes()).isLessThanOrEqualTo(2 * MIB)
                .isLessThan(tiny.capture().peakUsedBytes());
        assertThat(tiny.replay().peakBlockBytes()).isLessThanOrEqualTo(2 * MIB);
        assertThat(tiny.unknownFrees()).as("frees of what failed, skipped").isPositive()
                .isLessThanOrEqualTo(tiny.replay().failedAllocations());
        assertThat(tiny.notes()).anyMatch(n -> n.startsWith("first failed allocation: "))
                .anyMatch(n -> n.contains("free(s) of allocations that failed in the replay skipped"));
    }

    /** Replay speed against the recorded loop's own (logged for docs/captures.md; bounds loose). */
    @Test
    void replaySpeedIsLogged(@TempDir Path dir) {
        int pairs = Integer.getInteger("memscope.replayFigures.pairs", 20_000);
        Path file = dir.resolve("speed.jfr");
        String tag = "Speed-" + System.nanoTime();
        long rawNanos;
        try (AllocatorCore core = TestDevice.newCore()) {
            MemoryAllocator allocator = core.allocator(tag);
            java.util.ArrayDeque<Allocation> live = new java.util.ArrayDeque<>();
            core.monitor().startCapture(file, CaptureOptions.defaults());
            long began = System.nanoTime();
            for (int i = 0; i < pairs; i++) {
                live.add(CaptureReaderTest.buffer(allocator, 256L * (i % 13 + 1), null));
                if (live.size() > 1000) {
                    live.removeFirst().close();
                }
            }
            rawNanos = System.nanoTime() - began;
            core.monitor().stopCapture();
            live.forEach(Allocation::close);
        }
        CaptureReader reader = CaptureReader.open(file);
        int core = CaptureReaderTest.coreWithTag(reader, tag);
        ReplayResult result = Replay.run(reader, core, ReplayOptions.defaults(), TestDevice.context());
        long operations = result.initialAllocations() + result.allocations() + result.frees();
        double raw = (2.0 * pairs - 1000) * 1e9 / rawNanos;
        System.out.printf("replay speed: %d allocations and frees; recorded loop (capture on) %.0f/s; replay %.0f/s "
                + "(measurements included), calls alone %.0f/s; %d full statistics%n", operations, raw,
                result.operationsPerSecond(), result.callsPerSecond(), result.replay().measurements());
        assertThat(result.replay().peakUsedBytes()).isEqualTo(result.capture().peakUsedBytes());
        assertThat(result.operationsPerSecond()).isPositive();
    }
}
