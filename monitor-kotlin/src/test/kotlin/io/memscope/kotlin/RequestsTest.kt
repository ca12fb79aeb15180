package io.memscope.kotlin

import io.memscope.core.BufferRequest
import io.memscope.core.ImageRequest
import io.memscope.core.MemoryUsage
import io.memscope.core.TestDevice
import io.memscope.core.exceptions.InvalidAllocationRequestException
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatThrownBy
import org.junit.jupiter.api.Test
import org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_INDEX_BUFFER_BIT
import org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT
import org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_DST_BIT
import org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_SRC_BIT
import org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT
import org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_VERTEX_BUFFER_BIT
import org.lwjgl.vulkan.VK10.VK_FORMAT_R8G8B8A8_SRGB
import org.lwjgl.vulkan.VK10.VK_FORMAT_R8_UNORM
import org.lwjgl.vulkan.VK10.VK_IMAGE_TILING_LINEAR
import org.lwjgl.vulkan.VK10.VK_IMAGE_TILING_OPTIMAL
import org.lwjgl.vulkan.VK10.VK_IMAGE_TYPE_2D
import org.lwjgl.vulkan.VK10.VK_IMAGE_TYPE_3D
import org.lwjgl.vulkan.VK10.VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT
import org.lwjgl.vulkan.VK10.VK_IMAGE_USAGE_SAMPLED_BIT
import org.lwjgl.vulkan.VK10.VK_IMAGE_USAGE_STORAGE_BIT
import org.lwjgl.vulkan.VK10.VK_IMAGE_USAGE_TRANSFER_DST_BIT
import org.lwjgl.vulkan.VK10.VK_IMAGE_USAGE_TRANSFER_SRC_BIT
import org.lwjgl.vulkan.VK10.VK_SAMPLE_COUNT_1_BIT
import org.lwjgl.vulkan.VK10.VK_SAMPLE_COUNT_4_BIT

/** The request DSL builds exactly what the Java builders build, and the allocator takes it. */
class RequestsTest {

    @Test
    fun `size units are binary and a Long that overflows throws`() {
        assertThat(4.KiB).isEqualTo(4_096L)
        assertThat(64.MiB).isEqualTo(67_108_864L)
        assertThat(1.GiB).isEqualTo(1_073_741_824L)
        assertThat(Int.MAX_VALUE.GiB).isEqualTo(Int.MAX_VALUE.toLong() shl 30)
        assertThat(3L.GiB).isEqualTo(3L shl 30)
        assertThat(5L.KiB + 2L.MiB).isEqualTo(5L * 1024 + 2L * 1024 * 1024)
        assertThatThrownBy { (1L shl 40).GiB }.isInstanceOf(ArithmeticException::class.java)
    }

    @Test
    fun `buffer requests equal the Java builder's`() {
        assertThat(bufferRequest(size = 64.MiB) {
            usage(VERTEX, TRANSFER_DST)
            memory(GPU_ONLY)
            named("LOD 0")
        }).isEqualTo(BufferRequest.of(64L shl 20, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT or VK_BUFFER_USAGE_TRANSFER_DST_BIT,
            MemoryUsage.GPU_ONLY).named("LOD 0"))

        assertThat(bufferRequest(1.KiB) {
            usage(UNIFORM)
            usage(TRANSFER_SRC) // calls add up
            memory(CPU_TO_GPU)
            persistentlyMapped()
        }).isEqualTo(BufferRequest.of(1024, VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT or VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
            MemoryUsage.CPU_TO_GPU).withPersistentMapping())

        assertThat(bufferRequest(16.MiB) {
            usage(STORAGE, VK_BUFFER_USAGE_INDEX_BUFFER_BIT) // short names and raw bits mix
            dedicated()
        }).isEqualTo(BufferRequest.of(16L shl 20, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT or VK_BUFFER_USAGE_INDEX_BUFFER_BIT,
            MemoryUsage.GPU_ONLY).withDedicatedMemory())

        assertThat(bufferRequest(256) { usage(INDEX); memory(GPU_TO_CPU); memory(CPU_ONLY); named(null) })
            .isEqualTo(BufferRequest.of(256, VK_BUFFER_USAGE_INDEX_BUFFER_BIT, MemoryUsage.CPU_ONLY))

        assertThat(bufferRequest(64.MiB) { usage(VERTEX); priority(0.9f); withinBudget() })
            .isEqualTo(BufferRequest.of(64L shl 20, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, MemoryUsage.GPU_ONLY)
                .withPriority(0.9f).withWithinBudget())
        assertThat(imageRequest(64, 64, VK_FORMAT_R8G8B8A8_SRGB) { usage(SAMPLED); priority(0.1f); withinBudget() })
            .isEqualTo(ImageRequest.texture2D(64, 64, VK_FORMAT_R8G8B8A8_SRGB, VK_IMAGE_USAGE_SAMPLED_BIT)
                .withPriority(0.1f).withWithinBudget())
    }

    @Test
    fun `image requests equal the Java builder's`() {
        val usage = VK_IMAGE_USAGE_SAMPLED_BIT or VK_IMAGE_USAGE_TRANSFER_DST_BIT or VK_IMAGE_USAGE_TRANSFER_SRC_BIT
        assertThat(imageRequest(1024, 512, VK_FORMAT_R8G8B8A8_SRGB) {
            usage(SAMPLED, TRANSFER_DST, TRANSFER_SRC)
            fullMipChain()
            named("grass albedo")
        }).isEqualTo(ImageRequest.texture2D(1024, 512, VK_FORMAT_R8G8B8A8_SRGB, usage).withFullMipChain().named("grass albedo"))

        assertThat(imageRequest(256, 256, VK_FORMAT_R8G8B8A8_SRGB) {
            usage(COLOR_ATTACHMENT, STORAGE)
            mipLevels(3)
            arrayLayers(6)
            memory(CPU_TO_GPU)
        }).isEqualTo(ImageRequest.texture2D(256, 256, VK_FORMAT_R8G8B8A8_SRGB,
            VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT or VK_IMAGE_USAGE_STORAGE_BIT)
            .withMipLevels(3).withArrayLayers(6).withMemoryUsage(MemoryUsage.CPU_TO_GPU))

        // the full chain is taken from the final extent, whatever the order of the calls
        assertThat(imageRequest(64, 32, VK_FORMAT_R8_UNORM) {
            usage(SAMPLED)
            type(TYPE_3D)
            fullMipChain()
            depth(128)
            samples(VK_SAMPLE_COUNT_1_BIT)
        }).isEqualTo(ImageRequest(VK_IMAGE_TYPE_3D, VK_FORMAT_R8_UNORM, 64, 32, 128, 8, 1, VK_IMAGE_TILING_OPTIMAL,
            VK_SAMPLE_COUNT_1_BIT, VK_IMAGE_USAGE_SAMPLED_BIT, MemoryUsage.GPU_ONLY, null))

        assertThat(imageRequest(16, 16, VK_FORMAT_R8_UNORM) { usage(TRANSFER_DST); linearTiling(); samples(VK_SAMPLE_COUNT_4_BIT); fullMipChain(); mipLevels(2) })
            .isEqualTo(ImageRequest(VK_IMAGE_TYPE_2D, VK_FORMAT_R8_UNORM, 16, 16, 1, 2, 1, VK_IMAGE_TILING_LINEAR, VK_SAMPLE_COUNT_4_BIT,
                VK_IMAGE_USAGE_TRANSFER_DST_BIT, MemoryUsage.GPU_ONLY, null))
    }

    @Test
    fun `the allocator takes DSL requests and checks them like any other`() {
        TestDevice.newCore().use { core ->
            val staging = core.allocator("Staging")
            staging.buffer(size = 64.KiB) {
                usage(TRANSFER_SRC)
                memory(CPU_TO_GPU)
                named("upload ring")
                persistentlyMapped()
            }.use { ring ->
                assertThat(ring.size).isEqualTo(65_536L)
                assertThat(ring.name).isEqualTo("upload ring")
                assertThat(ring.tag).isEqualTo("Staging")
                assertThat(ring.memoryUsage).isEqualTo(MemoryUsage.CPU_TO_GPU)
                assertThat(ring.isPersistentlyMapped).isTrue()
                assertThat(ring.usageFlags and VK_BUFFER_USAGE_TRANSFER_SRC_BIT).isNotZero()
            }
            staging.image(64, 64, VK_FORMAT_R8G8B8A8_SRGB) { usage(SAMPLED, TRANSFER_DST); fullMipChain() }.use { image ->
                assertThat(image.mipLevels).isEqualTo(7)
                assertThat(image.memoryUsage).isEqualTo(MemoryUsage.GPU_ONLY)
            }
            assertThatThrownBy { staging.buffer(1.KiB) { memory(GPU_ONLY) } } // no usage
                .isInstanceOf(InvalidAllocationRequestException::class.java)
            assertThat(core.liveAllocationCount).isZero()
        }
    }
}
