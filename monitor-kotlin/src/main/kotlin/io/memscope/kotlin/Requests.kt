@file:JvmName("Requests")

package io.memscope.kotlin

import io.memscope.core.BufferAllocation
import io.memscope.core.BufferRequest
import io.memscope.core.ImageAllocation
import io.memscope.core.ImageRequest
import io.memscope.core.MemoryAllocator
import io.memscope.core.MemoryUsage
import io.memscope.core.exceptions.InvalidAllocationRequestException
import io.memscope.core.exceptions.OutOfDeviceMemoryException
import org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_INDEX_BUFFER_BIT
import org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_INDIRECT_BUFFER_BIT
import org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT
import org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_TEXEL_BUFFER_BIT
import org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_DST_BIT
import org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_SRC_BIT
import org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT
import org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_UNIFORM_TEXEL_BUFFER_BIT
import org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_VERTEX_BUFFER_BIT
import org.lwjgl.vulkan.VK10.VK_IMAGE_TILING_LINEAR
import org.lwjgl.vulkan.VK10.VK_IMAGE_TILING_OPTIMAL
import org.lwjgl.vulkan.VK10.VK_IMAGE_TYPE_1D
import org.lwjgl.vulkan.VK10.VK_IMAGE_TYPE_2D
import org.lwjgl.vulkan.VK10.VK_IMAGE_TYPE_3D
import org.lwjgl.vulkan.VK10.VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT
import org.lwjgl.vulkan.VK10.VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT
import org.lwjgl.vulkan.VK10.VK_IMAGE_USAGE_INPUT_ATTACHMENT_BIT
import org.lwjgl.vulkan.VK10.VK_IMAGE_USAGE_SAMPLED_BIT
import org.lwjgl.vulkan.VK10.VK_IMAGE_USAGE_STORAGE_BIT
import org.lwjgl.vulkan.VK10.VK_IMAGE_USAGE_TRANSFER_DST_BIT
import org.lwjgl.vulkan.VK10.VK_IMAGE_USAGE_TRANSFER_SRC_BIT
import org.lwjgl.vulkan.VK10.VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT
import org.lwjgl.vulkan.VK10.VK_SAMPLE_COUNT_1_BIT

/**
 * Marks memscope's request builders, so that inside a nested block only the innermost builder's functions are
 * in scope without a label.
 */
@DslMarker
@Target(AnnotationTarget.CLASS)
public annotation class MemscopeDsl

/**
 * What [BufferRequestBuilder] and [ImageRequestBuilder] share: usage flags, where the memory lives, a name.
 * The memory-usage names ([GPU_ONLY], ...) are in scope inside every builder block, so
 * `memory(CPU_TO_GPU)` needs no import.
 *
 * A builder is a plain mutable object for the one block it is passed to: not thread-safe, not to be kept.
 * Nothing is checked while building; the allocator checks the finished request before any VMA call and
 * throws [InvalidAllocationRequestException] for one that can never succeed (no usage, size 0, ...).
 */
@MemscopeDsl
public sealed class AllocationRequestBuilder {
    internal var usageFlags: Int = 0
        private set
    internal var memoryUsage: MemoryUsage = MemoryUsage.GPU_ONLY
        private set
    internal var name: String? = null
        private set
    internal var priority: Float? = null
        private set
    internal var withinBudget: Boolean = false
        private set

    /** [MemoryUsage.GPU_ONLY]: device-local, the CPU never touches it. The default. */
    public val GPU_ONLY: MemoryUsage get() = MemoryUsage.GPU_ONLY

    /** [MemoryUsage.CPU_TO_GPU]: host-visible, written by the CPU, read by the GPU (staging, per-frame data). */
    public val CPU_TO_GPU: MemoryUsage get() = MemoryUsage.CPU_TO_GPU

    /** [MemoryUsage.GPU_TO_CPU]: host-visible, preferably cached, written by the GPU, read back by the CPU. */
    public val GPU_TO_CPU: MemoryUsage get() = MemoryUsage.GPU_TO_CPU

    /** [MemoryUsage.CPU_ONLY]: host memory the GPU seldom reads. */
    public val CPU_ONLY: MemoryUsage get() = MemoryUsage.CPU_ONLY

    /**
     * Adds usage flags (`VkBufferUsageFlags` or `VkImageUsageFlags`, by the builder): the builder's names such
     * as `VERTEX` or `SAMPLED`, or any raw Vulkan bit (`VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT`). Calls add
     * up: `usage(A); usage(B)` is `usage(A, B)`.
     */
    public fun usage(vararg flags: Int) {
        for (flag in flags) {
            usageFlags = usageFlags or flag
        }
    }

    /** Where the memory should live; [GPU_ONLY] unless set. The last call wins. */
    public fun memory(usage: MemoryUsage) {
        memoryUsage = usage
    }

    /** A name for reports and VMA's JSON (`vmaSetAllocationName`); `null`, the default, for none. */
    public fun named(name: String?) {
        this.name = name
    }

    /**
     * The allocation's priority in `[0, 1]` (`VmaAllocationCreateInfo.priority`, used where the device has
     * `VK_EXT_memory_priority`); unset, the allocator's ([MemoryAllocator.setAllocationPriority]). Checked when
     * allocated, like the Java request's `withPriority`.
     */
    public fun priority(value: Float) {
        priority = value
    }

    /**
     * Refuse rather than go over the heap's budget (`VMA_ALLOCATION_CREATE_WITHIN_BUDGET_BIT`): the allocation
     * fails with `OutOfDeviceMemoryException` instead.
     */
    public fun withinBudget() {
        withinBudget = true
    }
}

/**
 * Builds a [BufferRequest] inside [bufferRequest] or [MemoryAllocator.buffer]. The `VkBufferUsageFlagBits` of
 * Vulkan 1.0 are in scope by short name ([VERTEX], [TRANSFER_DST], ...); anything else can be passed as a raw
 * bit to [usage].
 */
public class BufferRequestBuilder internal constructor(private val size: Long) : AllocationRequestBuilder() {
    private var mapped: Boolean = false
    private var ownBlock: Boolean = false

    /** `VK_BUFFER_USAGE_TRANSFER_SRC_BIT`: source of copies. */
    public val TRANSFER_SRC: Int get() = VK_BUFFER_USAGE_TRANSFER_SRC_BIT

    /** `VK_BUFFER_USAGE_TRANSFER_DST_BIT`: destination of copies and uploads. */
    public val TRANSFER_DST: Int get() = VK_BUFFER_USAGE_TRANSFER_DST_BIT

    /** `VK_BUFFER_USAGE_UNIFORM_TEXEL_BUFFER_BIT`. */
    public val UNIFORM_TEXEL: Int get() = VK_BUFFER_USAGE_UNIFORM_TEXEL_BUFFER_BIT

    /** `VK_BUFFER_USAGE_STORAGE_TEXEL_BUFFER_BIT`. */
    public val STORAGE_TEXEL: Int get() = VK_BUFFER_USAGE_STORAGE_TEXEL_BUFFER_BIT

    /** `VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT`: uniform buffer. */
    public val UNIFORM: Int get() = VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT

    /** `VK_BUFFER_USAGE_STORAGE_BUFFER_BIT`: storage buffer. */
    public val STORAGE: Int get() = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT

    /** `VK_BUFFER_USAGE_INDEX_BUFFER_BIT`: index buffer. */
    public val INDEX: Int get() = VK_BUFFER_USAGE_INDEX_BUFFER_BIT

    /** `VK_BUFFER_USAGE_VERTEX_BUFFER_BIT`: vertex buffer. */
    public val VERTEX: Int get() = VK_BUFFER_USAGE_VERTEX_BUFFER_BIT

    /** `VK_BUFFER_USAGE_INDIRECT_BUFFER_BIT`: indirect draw / dispatch arguments. */
    public val INDIRECT: Int get() = VK_BUFFER_USAGE_INDIRECT_BUFFER_BIT

    /**
     * Keep the memory mapped for the buffer's lifetime ([BufferRequest.withPersistentMapping]); needs a
     * host-accessible [memory] usage. Persistently mapped buffers never move in defragmentation.
     */
    public fun persistentlyMapped() {
        mapped = true
    }

    /** Give the buffer its own `VkDeviceMemory` block ([BufferRequest.withDedicatedMemory]). */
    public fun dedicated() {
        ownBlock = true
    }

    internal fun build(): BufferRequest =
        BufferRequest(size, usageFlags, memoryUsage, name, mapped, ownBlock, priority, withinBudget)
}

/**
 * Builds an [ImageRequest] inside [imageRequest] or [MemoryAllocator.image]. Starts as
 * [ImageRequest.texture2D] does: 2D, depth 1, one mip level, one layer, optimal tiling, one sample,
 * [GPU_ONLY]. The `VkImageUsageFlagBits` of Vulkan 1.0 are in scope by short name ([SAMPLED], ...).
 */
public class ImageRequestBuilder internal constructor(
    private val width: Int,
    private val height: Int,
    private val format: Int,
) : AllocationRequestBuilder() {
    private var imageType: Int = VK_IMAGE_TYPE_2D
    private var depth: Int = 1
    /** Mip levels, or null for the full chain of the final extent. */
    private var mipLevels: Int? = 1
    private var arrayLayers: Int = 1
    private var tiling: Int = VK_IMAGE_TILING_OPTIMAL
    private var samples: Int = VK_SAMPLE_COUNT_1_BIT

    /** `VK_IMAGE_USAGE_TRANSFER_SRC_BIT`: source of copies and blits (mipmap generation, read-back). */
    public val TRANSFER_SRC: Int get() = VK_IMAGE_USAGE_TRANSFER_SRC_BIT

    /** `VK_IMAGE_USAGE_TRANSFER_DST_BIT`: destination of uploads, copies and blits. */
    public val TRANSFER_DST: Int get() = VK_IMAGE_USAGE_TRANSFER_DST_BIT

    /** `VK_IMAGE_USAGE_SAMPLED_BIT`: sampled in shaders. */
    public val SAMPLED: Int get() = VK_IMAGE_USAGE_SAMPLED_BIT

    /** `VK_IMAGE_USAGE_STORAGE_BIT`: storage image. */
    public val STORAGE: Int get() = VK_IMAGE_USAGE_STORAGE_BIT

    /** `VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT`: render target. */
    public val COLOR_ATTACHMENT: Int get() = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT

    /** `VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT`: depth / stencil target. */
    public val DEPTH_STENCIL_ATTACHMENT: Int get() = VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT

    /** `VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT`. */
    public val TRANSIENT_ATTACHMENT: Int get() = VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT

    /** `VK_IMAGE_USAGE_INPUT_ATTACHMENT_BIT`. */
    public val INPUT_ATTACHMENT: Int get() = VK_IMAGE_USAGE_INPUT_ATTACHMENT_BIT

    /** `VK_IMAGE_TYPE_1D`, for [type]. */
    public val TYPE_1D: Int get() = VK_IMAGE_TYPE_1D

    /** `VK_IMAGE_TYPE_2D`, for [type]; the default. */
    public val TYPE_2D: Int get() = VK_IMAGE_TYPE_2D

    /** `VK_IMAGE_TYPE_3D`, for [type]. */
    public val TYPE_3D: Int get() = VK_IMAGE_TYPE_3D

    /** The `VkImageType`; [TYPE_2D] unless set. */
    public fun type(imageType: Int) {
        this.imageType = imageType
    }

    /** Depth in texels, for 3D images; 1 unless set. */
    public fun depth(texels: Int) {
        depth = texels
    }

    /** This many mip levels (`1 .. floor(log2(max extent)) + 1`); 1 unless set. The last of this and [fullMipChain] wins. */
    public fun mipLevels(levels: Int) {
        mipLevels = levels
    }

    /**
     * Every mip level down to 1×1 ([ImageRequest.fullMipLevels] of the final extent, so it may come before
     * [depth]). The last of this and [mipLevels] wins.
     */
    public fun fullMipChain() {
        mipLevels = null
    }

    /** Array layers, `>= 1`; 1 unless set. */
    public fun arrayLayers(layers: Int) {
        arrayLayers = layers
    }

    /** The `VkImageTiling`; `VK_IMAGE_TILING_OPTIMAL` unless set. */
    public fun tiling(tiling: Int) {
        this.tiling = tiling
    }

    /** `VK_IMAGE_TILING_LINEAR`: row-major texels, e.g. for CPU access. */
    public fun linearTiling() {
        tiling = VK_IMAGE_TILING_LINEAR
    }

    /** The `VkSampleCountFlagBits` (`VK_SAMPLE_COUNT_4_BIT`, ...); one sample unless set. */
    public fun samples(count: Int) {
        samples = count
    }

    internal fun build(): ImageRequest = ImageRequest(
        imageType, format, width, height, depth, mipLevels ?: ImageRequest.fullMipLevels(width, height, depth),
        arrayLayers, tiling, samples, usageFlags, memoryUsage, name, priority, withinBudget,
    )
}

/**
 * A [BufferRequest] of [size] bytes, configured by [block]; equal to what the Java builder makes of the same
 * settings. Memory is [MemoryUsage.GPU_ONLY] unless [AllocationRequestBuilder.memory] says otherwise. Pure:
 * allocates nothing, checks nothing (see [AllocationRequestBuilder]).
 *
 * ```
 * val lod0 = bufferRequest(64.MiB) { usage(VERTEX, TRANSFER_DST); named("LOD 0") }
 * ```
 *
 * @param size bytes (`64.MiB`), `> 0` when allocated
 */
public fun bufferRequest(size: Long, block: BufferRequestBuilder.() -> Unit): BufferRequest =
    BufferRequestBuilder(size).apply(block).build()

/**
 * An [ImageRequest] of [width] × [height] texels of [format], configured by [block]; equal to what the Java
 * builder makes of the same settings. Defaults as [ImageRequestBuilder]. Pure: allocates nothing, checks
 * nothing.
 *
 * ```
 * val albedo = imageRequest(1024, 1024, VK_FORMAT_R8G8B8A8_SRGB) { usage(SAMPLED, TRANSFER_DST, TRANSFER_SRC); fullMipChain() }
 * ```
 *
 * @param width texels, `>= 1`
 * @param height texels, `>= 1`
 * @param format the `VkFormat`, not `VK_FORMAT_UNDEFINED`
 */
public fun imageRequest(width: Int, height: Int, format: Int, block: ImageRequestBuilder.() -> Unit = {}): ImageRequest =
    ImageRequestBuilder(width, height, format).apply(block).build()

/**
 * Allocates a buffer of [size] bytes through this facade: [MemoryAllocator.allocateBuffer] of
 * [bufferRequest]`(size, block)`. The buffer carries this facade's tag; close it (`use {}`) or free it.
 *
 * ```
 * terrain.buffer(size = 64.MiB) {
 *     usage(VERTEX, TRANSFER_DST); memory(GPU_ONLY); named("LOD 0")
 * }.use { lod0 -> transfers.upload(vertices, lod0) }
 * ```
 *
 * **Threading and cost** as [MemoryAllocator.allocateBuffer]: thread-safe; VMA's work plus O(1) bookkeeping
 * under the core's lock (it blocks the calling thread briefly; it does not suspend).
 *
 * @param size bytes (`64.MiB`), `> 0`
 * @throws InvalidAllocationRequestException for a request that can never succeed (no usage, size 0, ...),
 *     before VMA is called
 * @throws OutOfDeviceMemoryException when the heap is full; the allocator stays usable
 */
public fun MemoryAllocator.buffer(size: Long, block: BufferRequestBuilder.() -> Unit): BufferAllocation =
    allocateBuffer(bufferRequest(size, block))

/**
 * Allocates an image through this facade: [MemoryAllocator.allocateImage] of
 * [imageRequest]`(width, height, format, block)`. Threading, cost and exceptions as [buffer].
 *
 * ```
 * textures.image(1024, 1024, VK_FORMAT_R8G8B8A8_SRGB) {
 *     usage(SAMPLED, TRANSFER_DST, TRANSFER_SRC); fullMipChain(); named("grass albedo")
 * }
 * ```
 *
 * @param width texels, `>= 1`
 * @param height texels, `>= 1`
 * @param format the `VkFormat`
 */
public fun MemoryAllocator.image(width: Int, height: Int, format: Int, block: ImageRequestBuilder.() -> Unit): ImageAllocation =
    allocateImage(imageRequest(width, height, format, block))
