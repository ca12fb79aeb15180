package io.memscope.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lwjgl.vulkan.VK10.*;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkImageCreateInfo;

class ImageAllocationTest {
    private static final int USAGE = VK_IMAGE_USAGE_TRANSFER_DST_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT | VK_IMAGE_USAGE_SAMPLED_BIT;

    private AllocatorCore core;
    private MemoryAllocator allocator;
    private GpuTransfers transfers;

    @BeforeEach
    void setUp() {
        core = TestDevice.newCore();
        allocator = core.allocator("TextureLoader");
        transfers = new GpuTransfers(core.allocator("Staging"));
    }

    @AfterEach
    void tearDown() {
        assertThat(core.closeAndReportLeaks()).isEmpty();
    }

    @Test
    void fullMipChainIsGeneratedWithBlits() {
        int size = 256;
        try (ImageAllocation image = allocator.allocateImage(ImageRequest.texture2D(size, size, VK_FORMAT_R8G8B8A8_UNORM, USAGE)
                .withFullMipChain().named("checker"))) {
            assertThat(image.getMipLevels()).isEqualTo(9);
            assertThat(image.getKind()).isEqualTo(AllocationKind.IMAGE);
            assertThat(image.getAllocatedSize()).as("a 256x256 RGBA8 mip chain needs > 4/3 * 256 KiB")
                    .isGreaterThanOrEqualTo(size * size * 4L * 4 / 3);

            // Columns alternate 0 and 200: every level-1 texel averages one pair of columns to 100.
            ByteBuffer texels = ByteBuffer.allocateDirect(size * size * 4);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    byte v = (byte) (x % 2 == 0 ? 0 : 200);
                    texels.put(v).put(v).put(v).put((byte) 255);
                }
            }
            texels.flip();
            transfers.uploadImage(texels, image);
            assertThat(image.getLayout()).isEqualTo(VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
            transfers.generateMipmaps(image);

            byte[] level0 = transfers.readBackImage(image, 0);
            assertThat(level0).hasSize(size * size * 4);
            assertThat(Byte.toUnsignedInt(level0[4])).isEqualTo(200);
            for (int level = 1; level < image.getMipLevels(); level++) {
                byte[] mip = transfers.readBackImage(image, level);
                int extent = size >> level;
                assertThat(mip).hasSize(extent * extent * 4);
                for (int i = 0; i < mip.length; i += 4) {
                    assertThat(Byte.toUnsignedInt(mip[i])).as("level %d texel %d", level, i / 4).isBetween(99, 101);
                    assertThat(Byte.toUnsignedInt(mip[i + 3])).isEqualTo(255);
                }
            }
            assertThat(image.getLayout()).isEqualTo(VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
        }
    }

    @Test
    void seedStyleImageCreateInfoIsAccepted() {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            VkImageCreateInfo info = VkImageCreateInfo.calloc(stack).sType$Default()
                    .imageType(VK_IMAGE_TYPE_2D).format(VK_FORMAT_R8G8B8A8_SRGB)
                    .mipLevels(1).arrayLayers(1).samples(VK_SAMPLE_COUNT_1_BIT)
                    .tiling(VK_IMAGE_TILING_OPTIMAL).usage(USAGE).sharingMode(VK_SHARING_MODE_EXCLUSIVE)
                    .initialLayout(VK_IMAGE_LAYOUT_UNDEFINED);
            info.extent().set(64, 32, 1);
            ImageAllocation image = allocator.allocateImage(info, MemoryUsage.GPU_ONLY);
            assertThat(image.getWidth()).isEqualTo(64);
            assertThat(image.getHeight()).isEqualTo(32);
            assertThat(image.getFormat()).isEqualTo(VK_FORMAT_R8G8B8A8_SRGB);
            assertThat(core.getStats().tag("TextureLoader").imageCount()).isEqualTo(1);
            allocator.destroyImage(image);
        }
    }

    @Test
    void uploadedTexelsReadBackUnchanged() {
        try (ImageAllocation image = allocator.allocateImage(ImageRequest.texture2D(33, 17, VK_FORMAT_R8G8B8A8_UNORM, USAGE))) {
            ByteBuffer texels = ByteBuffer.allocateDirect(33 * 17 * 4);
            for (int i = 0; i < texels.capacity(); i++) {
                texels.put(i, (byte) (i * 31));
            }
            transfers.uploadImage(texels, image);
            byte[] back = transfers.readBackImage(image, 0);
            for (int i = 0; i < back.length; i++) {
                assertThat(back[i]).isEqualTo((byte) (i * 31));
            }
        }
    }
}
