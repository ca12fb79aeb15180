package io.memscope.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lwjgl.vulkan.VK10.*;

import io.memscope.core.event.AllocationMoved;
import io.memscope.core.event.DefragmentationEvent;
import io.memscope.core.event.DefragmentationFinished;
import io.memscope.core.event.DefragmentationStarted;
import io.memscope.core.exceptions.AllocationFreedException;
import io.memscope.core.exceptions.ForeignAllocationException;
import io.memscope.core.stats.DefragmentationResult;
import io.memscope.core.stats.MemoryStats;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lwjgl.system.MemoryUtil;

/**
 * Defragmentation on a real device: contents written through the GPU survive every move, byte for byte.
 * Small VMA blocks (1 MiB preferred) make a few megabytes span several blocks, so freeing every other
 * allocation leaves half-empty blocks that FULL can empty and release.
 */
class DefragmentationTest {
    private static final int BUFFERS = 48;
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int IMAGES = 6;
    private static final int IMAGE_SIZE = 64;
    private static final int BUFFER_USAGE = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT
            | VK_BUFFER_USAGE_TRANSFER_SRC_BIT;
    private static final int IMAGE_USAGE = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT
            | VK_IMAGE_USAGE_TRANSFER_SRC_BIT;

    @Test
    void fullDefragmentationMovesBuffersAndImagesKeepsEveryByteAndFreesBlocks() throws InterruptedException {
        try (Scene scene = new Scene()) {
            TestSubscriber<DefragmentationEvent> defragEvents = scene.core.monitor().defragmentation().test();
            TestSubscriber<io.memscope.core.event.AllocationEvent> moves = scene.core.monitor().allocations().test();
            scene.fragment();
            MemoryStats before = scene.core.getStats();
            Map<Allocation, Long> handlesBefore = new HashMap<>();
            Map<Allocation, String> placeBefore = new HashMap<>();
            Map<Allocation, io.memscope.core.event.AllocationInfo> infoBefore = new HashMap<>();
            scene.expected.keySet().forEach(a -> {
                handlesBefore.put(a, a.resourceHandle());
                placeBefore.put(a, place(a));
                infoBefore.put(a, a.toInfo());
            });
            List<Long> listenerOldHandles = new ArrayList<>();
            BufferAllocation watched = scene.buffers.get(BUFFERS - 1);
            watched.addMoveListener((allocation, old, now) -> listenerOldHandles.add(old.resource()));

            DefragmentationResult result = scene.core.defragment(DefragmentationOptions.of(DefragmentationAlgorithm.FULL));
            System.out.printf("FULL: %s%nblocks %d -> %d%n", result, before.blockCount(), scene.core.getStats().blockCount());

            assertThat(result.allocationsMoved()).isPositive();
            assertThat(result.bytesMoved()).isPositive();
            assertThat(result.blocksFreed()).isGreaterThanOrEqualTo(1);
            assertThat(result.fragmentationAfter()).isLessThan(result.fragmentationBefore());
            assertThat(result.totalBytesAfter()).isLessThan(result.totalBytesBefore());
            assertThat(result.usedBytesAfter()).isEqualTo(result.usedBytesBefore());
            assertThat(result.complete()).isTrue();
            assertThat(scene.core.getStats().blockCount()).isLessThan(before.blockCount());
            VmaTruth.assertLedgerMatchesVma(scene.core);
            scene.assertContentsIntact();
            // an allocation may move in more than one pass, so places changed <= moves
            long changedPlaces = scene.expected.keySet().stream().filter(a -> !place(a).equals(placeBefore.get(a))).count();
            assertThat(changedPlaces).isPositive().isLessThanOrEqualTo(result.allocationsMoved());
            scene.expected.keySet().forEach(a -> { // toInfo() is reused while unmoved, never stale after a move
                io.memscope.core.event.AllocationInfo now = a.toInfo();
                assertThat(now.deviceMemory()).isEqualTo(a.getDeviceMemory());
                assertThat(now.offset()).isEqualTo(a.getOffset());
                assertThat(now.resource()).isEqualTo(a.resourceHandle());
                if (place(a).equals(placeBefore.get(a))) {
                    assertThat(now).isSameAs(infoBefore.get(a));
                } else {
                    assertThat(now).isNotEqualTo(infoBefore.get(a));
                }
            });
            if (!place(watched).equals(placeBefore.get(watched))) {
                assertThat(listenerOldHandles).isNotEmpty().startsWith(handlesBefore.get(watched));
            }

            scene.close();
            defragEvents.await(1, TimeUnit.MINUTES);
            assertThat(defragEvents.values().get(0)).isInstanceOf(DefragmentationStarted.class);
            assertThat(defragEvents.values().get(defragEvents.values().size() - 1))
                    .isInstanceOfSatisfying(DefragmentationFinished.class, f -> assertThat(f.result()).isEqualTo(result));
            moves.await(1, TimeUnit.MINUTES);
            List<AllocationMoved> moved = moves.values().stream().filter(AllocationMoved.class::isInstance)
                    .map(AllocationMoved.class::cast).toList();
            assertThat(moved).hasSize(result.allocationsMoved()).allSatisfy(m -> {
                assertThat(m.allocation().id()).isEqualTo(m.before().id());
                assertThat(m.allocation().resource()).isNotEqualTo(m.before().resource());
            });
        }
    }

    @Test
    void onlyMarkedAllocationsMoveAndPinnedOnesNever() {
        try (Scene scene = new Scene()) {
            scene.fragment();
            List<Allocation> live = new ArrayList<>(scene.expected.keySet());
            live.sort(java.util.Comparator.comparingLong(Allocation::getId));
            Allocation pinned = live.get(live.size() - 1);
            pinned.setPinned(true);
            List<Allocation> marked = new ArrayList<>(live.subList(live.size() / 2, live.size())); // includes the pinned one
            Map<Allocation, String> placeBefore = new HashMap<>();
            live.forEach(a -> placeBefore.put(a, place(a)));

            scene.allocator.beginDefragmentation(DefragmentationAlgorithm.FULL);
            marked.forEach(scene.allocator::markForDefragmentation);
            DefragmentationResult result = scene.allocator.endDefragmentation();

            assertThat(result.allocationsMoved()).isPositive();
            for (Allocation a : live) {
                if (!marked.contains(a) || a == pinned) {
                    assertThat(place(a)).as("unmarked or pinned %s", a.describe()).isEqualTo(placeBefore.get(a));
                }
            }
            long movedMarked = marked.stream().filter(a -> !place(a).equals(placeBefore.get(a))).count();
            assertThat(movedMarked).isPositive().isLessThanOrEqualTo(result.allocationsMoved());
            scene.assertContentsIntact();
        }
    }

    private static String place(Allocation a) {
        return a.getDeviceMemory() + "@" + a.getOffset() + "#" + a.resourceHandle();
    }

    @Test
    void incrementalStepsRespectTheirBudgetAndConverge() {
        try (Scene scene = new Scene()) {
            scene.fragment();
            double before = scene.core.getStats().fragmentationRatio();
            long maxBytes = 2L * BUFFER_SIZE;
            int maxAllocations = 2;
            int steps = 0;
            DefragmentationResult step;
            do {
                step = scene.core.defragment(DefragmentationOptions.step(DefragmentationAlgorithm.FULL, maxBytes, maxAllocations));
                assertThat(step.passes()).isLessThanOrEqualTo(1);
                assertThat(step.allocationsMoved()).isLessThanOrEqualTo(maxAllocations);
                assertThat(step.bytesMoved()).isLessThanOrEqualTo(maxBytes);
                steps++;
            } while (!step.complete() && steps < 500);
            System.out.printf("incremental: %d steps, fragmentation %.3f -> %.3f%n", steps, before,
                    scene.core.getStats().fragmentationRatio());
            assertThat(step.complete()).as("converged within 500 steps").isTrue();
            assertThat(steps).isGreaterThan(1);
            assertThat(scene.core.getStats().fragmentationRatio()).isLessThan(before);
            scene.assertContentsIntact();
        }
    }

    @Test
    void sessionMisuseIsRejectedClearly() {
        try (AllocatorCore core = TestDevice.newCore()) {
            MemoryAllocator allocator = core.allocator("Misuse");
            assertThatThrownBy(allocator::endDefragmentation).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("without beginDefragmentation");
            BufferAllocation buffer = allocator.allocateBuffer(1024, BUFFER_USAGE, MemoryUsage.GPU_ONLY);
            assertThatThrownBy(() -> allocator.markForDefragmentation(buffer)).isInstanceOf(IllegalStateException.class);
            allocator.beginDefragmentation(DefragmentationAlgorithm.FAST);
            assertThatThrownBy(() -> allocator.beginDefragmentation(DefragmentationAlgorithm.FAST))
                    .isInstanceOf(IllegalStateException.class);
            buffer.close();
            assertThatThrownBy(() -> allocator.markForDefragmentation(buffer)).isInstanceOf(AllocationFreedException.class);
            assertThat(allocator.endDefragmentation().allocationsMoved()).isZero();
            try (AllocatorCore other = TestDevice.newCore()) {
                BufferAllocation foreign = other.allocator("Other").allocateBuffer(1024, BUFFER_USAGE, MemoryUsage.GPU_ONLY);
                assertThatThrownBy(() -> core.defragment(DefragmentationOptions.of(DefragmentationAlgorithm.FULL), List.of(foreign)))
                        .isInstanceOf(ForeignAllocationException.class);
            }
        }
    }

    /**
     * VMA's default pools grow blocks from 1/8 of the preferred size up (2, 4, 8, 16 MiB here), so the blocks a
     * FULL pass empties differ in size from the ones it moves into: the bytes freed must be the sizes of the blocks
     * that really went (VMA's own figure named the source block's size instead).
     */
    @Test
    void bytesFreedAreTheBlocksReallyFreedWhenBlockSizesDiffer() {
        long mib = 1L << 20;
        try (AllocatorCore core = AllocatorCore.create(TestDevice.context(), AllocatorOptions.defaults()
                .withPreferredLargeHeapBlockSize(16 * mib)
                .withMonitor(MonitorOptions.defaults().withSampleInterval(Duration.ZERO)))) {
            MemoryAllocator allocator = core.allocator("Mixed");
            List<BufferAllocation> buffers = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                buffers.add(allocator.allocateBuffer(mib, BUFFER_USAGE, MemoryUsage.GPU_ONLY));
            }
            MemoryStats filled = core.getStats();
            assertThat(core.getStats().total().blockCount()).as("blocks of several sizes").isGreaterThanOrEqualTo(3);
            for (int i = 0; i < buffers.size(); i++) {
                if (i % 4 != 0) {
                    buffers.get(i).close();
                }
            }
            MemoryStats before = core.getStats();
            DefragmentationResult result = core.defragment(DefragmentationOptions.of(DefragmentationAlgorithm.FULL));
            MemoryStats after = core.getStats();
            assertThat(filled.total().totalBytes()).isGreaterThan(0);
            assertThat(result.blocksFreed()).isPositive()
                    .isEqualTo(before.total().blockCount() - after.total().blockCount());
            assertThat(result.bytesFreed()).as("bytes of the blocks that went")
                    .isEqualTo(before.total().totalBytes() - after.total().totalBytes());
            VmaTruth.assertLedgerMatchesVma(core);
            buffers.stream().filter(Allocation::isLive).forEach(Allocation::close);
        }
    }

    /** A core, its allocations with known contents, and a way to check them. */
    private static final class Scene implements AutoCloseable {
        final AllocatorCore core = AllocatorCore.create(TestDevice.context(), AllocatorOptions.defaults()
                .withPreferredLargeHeapBlockSize(1 << 20)
                .withMonitor(MonitorOptions.defaults().withSampleInterval(Duration.ZERO)
                        .withOverflowPolicy(OverflowPolicy.LOSSLESS)));
        final MemoryAllocator allocator = core.allocator("Scene");
        final GpuTransfers transfers = new GpuTransfers(core.allocator("Staging"));
        final List<BufferAllocation> buffers = new ArrayList<>();
        final List<ImageAllocation> images = new ArrayList<>();
        final Map<Allocation, List<byte[]>> expected = new HashMap<>();

        Scene() {
            for (int i = 0; i < BUFFERS; i++) {
                BufferAllocation buffer = allocator.allocateBuffer(BUFFER_SIZE, BUFFER_USAGE, MemoryUsage.GPU_ONLY);
                byte[] pattern = TestPatterns.pattern(BUFFER_SIZE, 31 * i + 7);
                upload(buffer, pattern);
                buffers.add(buffer);
                expected.put(buffer, List.of(pattern));
                if (i % 8 == 3) {
                    images.add(image(images.size()));
                }
            }
            while (images.size() < IMAGES) {
                images.add(image(images.size()));
            }
        }

        private ImageAllocation image(int index) {
            ImageAllocation image = allocator.allocateImage(ImageRequest.texture2D(IMAGE_SIZE, IMAGE_SIZE,
                    VK_FORMAT_R8G8B8A8_UNORM, IMAGE_USAGE).withFullMipChain().named("image " + index));
            byte[] texels = TestPatterns.pattern(IMAGE_SIZE * IMAGE_SIZE * 4, 1000 + index);
            ByteBuffer data = MemoryUtil.memAlloc(texels.length).put(texels).flip();
            try {
                transfers.uploadImage(data, image);
            } finally {
                MemoryUtil.memFree(data);
            }
            transfers.generateMipmaps(image);
            List<byte[]> mips = new ArrayList<>();
            for (int mip = 0; mip < image.getMipLevels(); mip++) {
                mips.add(transfers.readBackImage(image, mip));
            }
            expected.put(image, mips);
            return image;
        }

        private void upload(BufferAllocation buffer, byte[] pattern) {
            ByteBuffer data = MemoryUtil.memAlloc(pattern.length).put(pattern).flip();
            try {
                transfers.upload(data, buffer);
            } finally {
                MemoryUtil.memFree(data);
            }
        }

        /** Frees every other buffer and image: half-empty blocks. */
        void fragment() {
            for (int i = 0; i < buffers.size(); i += 2) {
                expected.remove(buffers.get(i));
                buffers.get(i).close();
            }
            for (int i = 0; i < images.size(); i += 2) {
                expected.remove(images.get(i));
                images.get(i).close();
            }
        }

        /** Reads every live allocation back through GPU copies and compares every byte. */
        void assertContentsIntact() {
            expected.forEach((allocation, contents) -> {
                if (allocation instanceof BufferAllocation buffer) {
                    assertThat(transfers.readBack(buffer)).as(buffer.describe()).isEqualTo(contents.get(0));
                } else {
                    ImageAllocation image = (ImageAllocation) allocation;
                    for (int mip = 0; mip < contents.size(); mip++) {
                        assertThat(transfers.readBackImage(image, mip)).as(image.describe() + " mip " + mip)
                                .isEqualTo(contents.get(mip));
                    }
                }
            });
        }

        @Override
        public void close() {
            core.close();
        }
    }
}
