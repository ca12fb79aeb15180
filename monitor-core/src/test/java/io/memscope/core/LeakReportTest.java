package io.memscope.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lwjgl.vulkan.VK10.*;

import io.memscope.core.exceptions.AllocatorClosedException;
import io.memscope.core.stats.LeakReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeakReportTest {

    @Test
    void closingWithLiveAllocationsReportsAndFreesEachLeak() {
        AllocatorCore core = TestDevice.newCore();
        MemoryAllocator terrain = core.allocator("TerrainRenderer");
        MemoryAllocator textures = core.allocator("TextureLoader");
        BufferAllocation vertices = terrain.allocateBuffer(BufferRequest.of(1 << 20, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT,
                MemoryUsage.GPU_ONLY).named("LOD0 vertices"));
        ImageAllocation albedo = textures.allocateImage(ImageRequest.texture2D(64, 64, VK_FORMAT_R8G8B8A8_UNORM,
                VK_IMAGE_USAGE_SAMPLED_BIT).named("albedo"));
        BufferAllocation staging = terrain.allocateBuffer(4096, VK_BUFFER_USAGE_TRANSFER_SRC_BIT, MemoryUsage.CPU_TO_GPU);
        MappedMemory stillMapped = staging.map();
        terrain.allocateBuffer(64, VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT, MemoryUsage.GPU_ONLY).close();

        List<LeakReport> leaks = core.closeAndReportLeaks();

        assertThat(leaks).hasSize(3);
        assertThat(leaks.get(0)).satisfies(l -> {
            assertThat(l.tag()).isEqualTo("TerrainRenderer");
            assertThat(l.kind()).isEqualTo(AllocationKind.BUFFER);
            assertThat(l.sizeBytes()).isEqualTo(1 << 20);
            assertThat(l.name()).isEqualTo("LOD0 vertices");
            assertThat(l.id()).isEqualTo(vertices.getId());
        });
        assertThat(leaks.get(1)).satisfies(l -> {
            assertThat(l.tag()).isEqualTo("TextureLoader");
            assertThat(l.kind()).isEqualTo(AllocationKind.IMAGE);
            assertThat(l.name()).isEqualTo("albedo");
        });
        assertThat(leaks.get(2).name()).isNull();
        assertThat(vertices.isLive()).isFalse();
        assertThat(albedo.isLive()).isFalse();
        assertThat(staging.isLive()).isFalse();
        stillMapped.close(); // after close: a no-op, no crash
        assertThat(core.isClosed()).isTrue();
        assertThat(core.closeAndReportLeaks()).isEmpty();
    }

    @Test
    void closingTheContextFirstClosesItsCoresSoNothingReachesADestroyedDevice() {
        VulkanContext context = VulkanContext.create();
        AllocatorCore core = AllocatorCore.create(context);
        BufferAllocation buffer = core.allocator("Orphan").allocateBuffer(4096,
                VK_BUFFER_USAGE_TRANSFER_SRC_BIT, MemoryUsage.CPU_TO_GPU);

        context.close();

        assertThat(core.isClosed()).isTrue();
        assertThat(buffer.isLive()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(buffer::close).isInstanceOf(AllocatorClosedException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> core.allocator("Late"))
                .isInstanceOf(AllocatorClosedException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AllocatorCore.create(context))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> context.submitAndWait(cmd -> { }))
                .isInstanceOf(IllegalStateException.class);
    }
}
