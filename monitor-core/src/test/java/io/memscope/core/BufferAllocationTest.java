package io.memscope.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lwjgl.vulkan.VK10.*;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkBufferCreateInfo;

class BufferAllocationTest {
    private AllocatorCore core;
    private MemoryAllocator allocator;

    @BeforeEach
    void setUp() {
        core = TestDevice.newCore();
        allocator = core.allocator("MeshLoader");
    }

    @AfterEach
    void tearDown() {
        assertThat(core.closeAndReportLeaks()).as("test leaked allocations").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(MemoryUsage.class)
    void allocatesEveryMemoryUsageWithItsPlacement(MemoryUsage usage) {
        try (BufferAllocation buffer = allocator.allocateBuffer(BufferRequest.of(65_536,
                VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT, usage).named("vertices"))) {
            assertThat(buffer.getBuffer()).isNotZero();
            assertThat(buffer.getVmaAllocation()).isNotZero();
            assertThat(buffer.getDeviceMemory()).isNotZero();
            assertThat(buffer.getSize()).isEqualTo(65_536);
            assertThat(buffer.getAllocatedSize()).isGreaterThanOrEqualTo(65_536);
            assertThat(buffer.getTag()).isEqualTo("MeshLoader");
            assertThat(buffer.getName()).isEqualTo("vertices");
            assertThat(buffer.getKind()).isEqualTo(AllocationKind.BUFFER);
            assertThat(buffer.getMemoryUsage()).isEqualTo(usage);
            assertThat(buffer.getHeapIndex()).isEqualTo(core.getMemoryLayout().type(buffer.getMemoryTypeIndex()).heapIndex());
            if (usage.isHostAccessible()) {
                assertThat(buffer.isHostVisible()).isTrue();
            }
            assertThat(core.getLiveAllocationCount()).isEqualTo(1);
        }
        assertThat(core.getLiveAllocationCount()).isZero();
    }

    @Test
    void toInfoIsOneRecordWhileTheAllocationStaysWhereItIs() {
        try (BufferAllocation buffer = allocator.allocateBuffer(BufferRequest.of(4096, VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT,
                MemoryUsage.GPU_ONLY).named("ubo"))) {
            assertThat(buffer.toInfo()).isSameAs(buffer.toInfo());
            assertThat(core.monitor().getLiveAllocations()).singleElement().isSameAs(buffer.toInfo());
            assertThat(buffer.toInfo().offset()).isEqualTo(buffer.getOffset());
            assertThat(buffer.toInfo().name()).isEqualTo("ubo");
        }
    }

    @Test
    void nameReachesVmaJson() {
        try (BufferAllocation buffer = allocator.allocateBuffer(BufferRequest.of(4096, VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT,
                MemoryUsage.CPU_TO_GPU).named("camera-ubo"))) {
            assertThat(allocator.getVmaStatsJson()).contains("\"Name\": \"camera-ubo\"");
        }
    }

    @Test
    void seedStyleCreateInfoIsAccepted() {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            VkBufferCreateInfo info = VkBufferCreateInfo.calloc(stack).sType$Default()
                    .size(12_000)
                    .usage(VK_BUFFER_USAGE_INDEX_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT)
                    .sharingMode(VK_SHARING_MODE_EXCLUSIVE);
            BufferAllocation buffer = allocator.allocateBuffer(info, MemoryUsage.GPU_ONLY);
            assertThat(buffer.getSize()).isEqualTo(12_000);
            assertThat(buffer.getUsageFlags()).isEqualTo(VK_BUFFER_USAGE_INDEX_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT);
            allocator.destroyBuffer(buffer);
            assertThat(buffer.isLive()).isFalse();
        }
    }

    @Test
    void mapWriteUnmapAndMapAgainSeesTheBytes() {
        try (BufferAllocation buffer = allocator.allocateBuffer(1024, VK_BUFFER_USAGE_TRANSFER_SRC_BIT, MemoryUsage.CPU_TO_GPU)) {
            try (MappedMemory mapped = allocator.map(buffer)) {
                ByteBuffer bytes = mapped.getByteBuffer();
                assertThat(bytes.capacity()).isEqualTo(1024);
                for (int i = 0; i < 1024; i++) {
                    bytes.put(i, (byte) (i * 7));
                }
                mapped.flush();
            }
            try (MappedMemory mapped = buffer.map()) {
                mapped.invalidate();
                ByteBuffer bytes = mapped.getByteBuffer(100, 10);
                for (int i = 0; i < 10; i++) {
                    assertThat(bytes.get(i)).isEqualTo((byte) ((100 + i) * 7));
                }
            }
        }
    }

    @Test
    void persistentMappingStaysValidForTheAllocationsLifetime() {
        try (BufferAllocation buffer = allocator.allocateBuffer(BufferRequest.of(256, VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT,
                MemoryUsage.CPU_TO_GPU).withPersistentMapping())) {
            assertThat(buffer.isPersistentlyMapped()).isTrue();
            buffer.getPersistentMapping().putInt(0, 0xCAFEBABE);
            buffer.flush(0, 4);
            try (MappedMemory mapped = buffer.map()) {
                assertThat(mapped.getByteBuffer().getInt(0)).isEqualTo(0xCAFEBABE);
            }
        }
    }

    @Test
    void stagingUploadAndReadBackPreserveEveryByte() {
        GpuTransfers transfers = new GpuTransfers(core.allocator("Staging"));
        int size = 3 * 1024 * 1024 + 13;
        byte[] pattern = new byte[size];
        new Random(42).nextBytes(pattern);
        try (BufferAllocation gpu = allocator.allocateBuffer(size,
                VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                MemoryUsage.GPU_ONLY)) {
            ByteBuffer data = ByteBuffer.allocateDirect(size);
            data.put(pattern).flip();
            transfers.upload(data, gpu);
            assertThat(transfers.readBack(gpu)).isEqualTo(pattern);
            assertThat(transfers.readBack(gpu, 1000, 16)).isEqualTo(java.util.Arrays.copyOfRange(pattern, 1000, 1016));
        }
        assertThat(core.getStats().tag("Staging").allocationCount()).as("staging buffers are freed").isZero();
    }

    @Test
    void bufferToBufferCopyOnTheGpu() {
        GpuTransfers transfers = new GpuTransfers(core.allocator("Staging"));
        try (BufferAllocation a = allocator.allocateBuffer(4096, VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage.GPU_ONLY);
             BufferAllocation b = allocator.allocateBuffer(4096, VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage.GPU_ONLY)) {
            ByteBuffer data = ByteBuffer.allocateDirect(4096);
            for (int i = 0; i < 4096; i++) {
                data.put(i, (byte) (255 - i));
            }
            transfers.upload(data, a);
            transfers.copyBuffer(a, 1024, b, 0, 2048);
            byte[] back = transfers.readBack(b, 0, 2048);
            for (int i = 0; i < 2048; i++) {
                assertThat(back[i]).isEqualTo((byte) (255 - (i + 1024)));
            }
        }
    }
}
