package io.memscope.kotlin

import io.memscope.core.Allocation
import io.memscope.core.AllocationStrategy
import io.memscope.core.BufferAllocation
import io.memscope.core.ImageAllocation
import io.memscope.core.MemoryWarning
import io.memscope.core.TestDevice
import io.memscope.core.stats.LeakReport
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.lwjgl.vulkan.VK10.VK_FORMAT_R8G8B8A8_UNORM

/**
 * memscope as a Kotlin engine uses it: `use {}`, property syntax, lambdas, the request DSL and size units,
 * exhaustive `when` over the sealed Allocation type. Compiled with -Werror and strict JSpecify, so a platform
 * type or a nullability mismatch fails the build.
 */
class KotlinUsageTest {

    private fun describe(allocation: Allocation): String = when (allocation) {
        is BufferAllocation -> "buffer ${allocation.buffer} of ${allocation.size} bytes"
        is ImageAllocation -> "image ${allocation.width}x${allocation.height}"
    }

    @Test
    fun `a Kotlin engine allocates, maps, watches and cleans up`() {
        TestDevice.newCore().use { core ->
            val terrain = core.allocator("TerrainRenderer")
            terrain.allocationStrategy = AllocationStrategy.MEMORY_OPTIMIZED
            terrain.bufferAlignment = 256
            terrain.memoryUsageWarningThreshold = 0.8
            val warnings = mutableListOf<MemoryWarning>()

            terrain.addMemoryWarningListener { warnings += it }.use {
                terrain.buffer(size = 64.KiB) {
                    usage(VERTEX, TRANSFER_SRC)
                    memory(CPU_TO_GPU)
                    named("lod0")
                }.use { buffer ->
                    val name: String? = buffer.name
                    assertThat(name).isEqualTo("lod0")
                    assertThat(buffer.tag).isEqualTo("TerrainRenderer")
                    assertThat(buffer.size).isEqualTo(65_536L)
                    assertThat(buffer.offset % 256).isZero()
                    assertThat(describe(buffer)).startsWith("buffer ")

                    buffer.map().use { mapped -> mapped.byteBuffer.putInt(0, 0x5EED) }
                    buffer.map().use { mapped -> assertThat(mapped.byteBuffer.getInt(0)).isEqualTo(0x5EED) }

                    val stats = core.stats
                    assertThat(stats.allocationCount()).isEqualTo(1)
                    assertThat(stats.tags.getValue("TerrainRenderer").usedBytes).isEqualTo(buffer.allocatedSize)
                    val budget = terrain.memoryBudget
                    assertThat(budget.heaps).isNotEmpty
                    assertThat(budget.isOverBudget).isFalse()
                }
            }
            assertThat(warnings).isEmpty()

            val textures = core.allocator("TextureLoader")
            val image = textures.image(32, 32, VK_FORMAT_R8G8B8A8_UNORM) {
                usage(SAMPLED)
                fullMipChain()
            }
            assertThat(describe(image)).isEqualTo("image 32x32")
            assertThat(image.mipLevels).isEqualTo(6)

            val leaks: List<LeakReport> = core.closeAndReportLeaks()
            assertThat(leaks.map { it.tag }).containsExactly("TextureLoader")
            assertThat(image.isLive).isFalse()
        }
    }
}
