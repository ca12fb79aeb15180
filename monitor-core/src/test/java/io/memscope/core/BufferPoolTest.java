package io.memscope.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lwjgl.vulkan.VK10.*;

import io.memscope.core.exceptions.ForeignAllocationException;
import io.memscope.core.exceptions.InvalidAllocationRequestException;
import io.memscope.core.stats.BufferPoolStats;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The seed's OptimizedBufferManager rule: a free buffer of size s serves r when r <= s <= 2r. */
class BufferPoolTest {
    private static final int VERTEX = VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT;

    @Test
    void reusesByTheSizeClassRule() {
        try (AllocatorCore core = TestDevice.newCore()) {
            MemoryAllocator allocator = core.allocator("BufferManager");
            BufferPool pool = allocator.createBufferPool("Vertex", VERTEX, MemoryUsage.GPU_ONLY);
            pool.prewarm(64 * 1024, 2);
            assertThat(pool.getStats()).isEqualTo(new BufferPoolStats("Vertex", 2, 0, 2, 128 * 1024, 0));

            BufferAllocation reused = pool.acquire(40 * 1024);      // 64K <= 80K: reuse
            assertThat(reused.getSize()).isEqualTo(64 * 1024);
            BufferAllocation fresh = pool.acquire(20 * 1024);       // 64K > 40K: new buffer
            assertThat(fresh.getSize()).isEqualTo(20 * 1024);
            BufferAllocation exact = pool.acquire(64 * 1024);       // 64K == 64K: reuse
            assertThat(exact.getSize()).isEqualTo(64 * 1024);
            assertThat(pool.getStats()).isEqualTo(new BufferPoolStats("Vertex", 3, 3, 0, 148 * 1024, 2));
            assertThat(allocator.getTagStats().allocationCount()).as("pooled buffers are live allocations").isEqualTo(3);

            pool.release(reused);
            pool.release(fresh);
            assertThat(pool.getStats().freeBuffers()).isEqualTo(2);
            assertThat(pool.acquire(12 * 1024)).as("best fit: the 20K buffer, not the 64K one").isSameAs(fresh);

            assertThatThrownBy(() -> pool.release(reused)).isInstanceOf(IllegalStateException.class).hasMessageContaining("already released");
            BufferAllocation outsider = allocator.allocateBuffer(1024, VERTEX, MemoryUsage.GPU_ONLY);
            assertThatThrownBy(() -> pool.release(outsider)).isInstanceOf(ForeignAllocationException.class);
            assertThatThrownBy(() -> pool.acquire(0)).isInstanceOf(InvalidAllocationRequestException.class);
            outsider.close();

            pool.close();
            assertThat(reused.isLive()).as("free buffers are freed on close").isFalse();
            assertThat(exact.isLive()).as("buffers still out stay with their holders").isTrue();
            assertThatThrownBy(() -> pool.acquire(1)).isInstanceOf(IllegalStateException.class);
            exact.close();
            fresh.close();
            assertThat(core.getLiveAllocationCount()).isZero();
        }
    }

    @Property(tries = 30)
    void everyAcquisitionObeysTheRuleAndStatsAddUp(
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 1, max = 300_000) Integer> requests,
            @ForAll long seed) {
        java.util.Random random = new java.util.Random(seed);
        try (AllocatorCore core = TestDevice.newCore()) {
            BufferPool pool = core.allocator("Pool").createBufferPool("Storage",
                    VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY);
            List<BufferAllocation> out = new ArrayList<>();
            Set<BufferAllocation> everMade = new HashSet<>();
            long reuses = 0;
            for (int r : requests) {
                int freeBefore = pool.getStats().freeBuffers();
                BufferAllocation b = pool.acquire(r);
                assertThat(b.getSize()).isGreaterThanOrEqualTo(r);
                if (!everMade.add(b)) {
                    reuses++;
                    assertThat(b.getSize()).as("reused buffer within 2x").isLessThanOrEqualTo(2L * r);
                    assertThat(pool.getStats().freeBuffers()).isEqualTo(freeBefore - 1);
                }
                out.add(b);
                if (random.nextBoolean()) {
                    pool.release(out.remove(random.nextInt(out.size())));
                }
                BufferPoolStats stats = pool.getStats();
                assertThat(stats.activeBuffers() + stats.freeBuffers()).isEqualTo(stats.totalAllocations());
                assertThat(stats.totalAllocations()).isEqualTo(everMade.size());
                assertThat(stats.reuseCount()).isEqualTo(reuses);
                assertThat(stats.totalBytes()).isEqualTo(everMade.stream().mapToLong(Allocation::getSize).sum());
                assertThat(core.getLiveAllocationCount()).isEqualTo(everMade.size());
            }
            out.forEach(pool::release);
            pool.close();
            assertThat(core.getLiveAllocationCount()).isZero();
        }
    }
}
