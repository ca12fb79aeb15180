package io.memscope.core;

import static org.lwjgl.vulkan.VK10.VK_WHOLE_SIZE;

import java.nio.ByteBuffer;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.lwjgl.system.MemoryUtil;

/**
 * A live piece of device memory made by a {@link MemoryAllocator}: a {@link BufferAllocation} or an
 * {@link ImageAllocation}. Closing it frees the resource and its memory; closing twice throws
 * {@link AllocationFreedException}.
 *
 * <p>Every method checks the handle's state before touching native memory: a call after free throws
 * {@link AllocationFreedException}, a call after the core is closed {@link AllocatorClosedException}.
 * Getters of identity and placement are plain field reads, safe from any thread.
 */
public abstract sealed class Allocation implements AutoCloseable permits BufferAllocation, ImageAllocation {
    private final AllocatorCore core;
    private final long id;
    private final String tag;
    private final @Nullable String name;
    private final long requestedSize;
    private final MemoryUsage memoryUsage;
    private final long createdAtMillis;
    private final long createdNanos;

    // Placement, as VMA reported it. Guarded by the core lock plus this object's monitor for writes.
    long vmaAllocation;
    long deviceMemory;
    long offset;
    long allocatedSize;
    int memoryTypeIndex;
    long persistentMappedAddress;

    // State, guarded by this object's monitor.
    private boolean freed;
    int mapCount;

    Allocation(AllocatorCore core, long id, String tag, @Nullable String name, long requestedSize,
               MemoryUsage memoryUsage, long vmaAllocation, long deviceMemory, long offset, long allocatedSize,
               int memoryTypeIndex, long persistentMappedAddress) {
        this.core = core;
        this.id = id;
        this.tag = tag;
        this.name = name;
        this.requestedSize = requestedSize;
        this.memoryUsage = memoryUsage;
        this.vmaAllocation = vmaAllocation;
        this.deviceMemory = deviceMemory;
        this.offset = offset;
        this.allocatedSize = allocatedSize;
        this.memoryTypeIndex = memoryTypeIndex;
        this.persistentMappedAddress = persistentMappedAddress;
        this.createdAtMillis = System.currentTimeMillis();
        this.createdNanos = System.nanoTime();
    }

    /** What this allocation backs. */
    public abstract AllocationKind getKind();

    /** Process-unique id, increasing in creation order. */
    public long getId() {
        return id;
    }

    /** Tag of the {@link MemoryAllocator} that made it, e.g. {@code "TerrainRenderer"}. */
    public String getTag() {
        return tag;
    }

    /** Name given at creation (also set on the VMA allocation), or {@code null}. */
    public @Nullable String getName() {
        return name;
    }

    /** Bytes asked for. */
    public long getSize() {
        return requestedSize;
    }

    /** Bytes VMA reserved ({@code VmaAllocationInfo.size}); at least {@link #getSize()}. */
    public long getAllocatedSize() {
        return allocatedSize;
    }

    public MemoryUsage getMemoryUsage() {
        return memoryUsage;
    }

    /** Index of the Vulkan memory type the allocation lives in. */
    public int getMemoryTypeIndex() {
        return memoryTypeIndex;
    }

    /** Index of the heap of {@link #getMemoryTypeIndex()}. */
    public int getHeapIndex() {
        return core.layout().type(memoryTypeIndex).heapIndex();
    }

    /** The {@code VkDeviceMemory} block it lives in. */
    public long getDeviceMemory() {
        return deviceMemory;
    }

    /** Offset in bytes inside {@link #getDeviceMemory()}. */
    public long getOffset() {
        return offset;
    }

    /** Wall-clock creation time. */
    public Instant getCreatedAt() {
        return Instant.ofEpochMilli(createdAtMillis);
    }

    /** Creation time on {@link System#nanoTime()}'s clock, for ages. */
    public long getCreatedNanos() {
        return createdNanos;
    }

    /** The raw {@code VmaAllocation} handle, for interop with code that calls VMA directly. Do not free it. */
    public long getVmaAllocation() {
        return vmaAllocation;
    }

    /** The core that owns this allocation. */
    public AllocatorCore getCore() {
        return core;
    }

    /** {@code false} once freed (by {@link #close()}, the allocator, or as a leak when the core closed). */
    public synchronized boolean isLive() {
        return !freed;
    }

    /** Whether the memory type is {@code HOST_VISIBLE}, i.e. {@link #map()} works. */
    public boolean isHostVisible() {
        return core.layout().type(memoryTypeIndex).isHostVisible();
    }

    /** Whether the memory type is {@code HOST_COHERENT}; if not, {@link #flush()} after writes and {@link #invalidate()} before reads. */
    public boolean isHostCoherent() {
        return core.layout().type(memoryTypeIndex).isHostCoherent();
    }

    /** Whether it was created persistently mapped ({@link BufferRequest#persistentlyMapped()}). */
    public boolean isPersistentlyMapped() {
        return persistentMappedAddress != 0;
    }

    /**
     * The persistent mapping as a {@link ByteBuffer} of {@link #getSize()} bytes (at most 2 GiB).
     *
     * @throws IllegalStateException if the allocation is not persistently mapped
     * @throws AllocationFreedException if freed
     */
    public ByteBuffer getPersistentMapping() {
        synchronized (this) {
            checkLive("getPersistentMapping");
            if (persistentMappedAddress == 0) {
                throw new IllegalStateException(describe() + " is not persistently mapped; request it with persistentlyMapped()");
            }
            return MemoryUtil.memByteBuffer(persistentMappedAddress, MappedMemory.viewLength(requestedSize, describe()));
        }
    }

    /**
     * Maps the memory; close the returned view to unmap (try-with-resources). Mappings nest (VMA counts them).
     *
     * @throws MemoryNotHostVisibleException if the memory type is not host-visible
     */
    public MappedMemory map() {
        return core.map(this);
    }

    /** Flushes the whole allocation's host writes to the device (needed for non-coherent memory; harmless otherwise). */
    public void flush() {
        core.flush(this, 0, VK_WHOLE_SIZE);
    }

    /** Flushes {@code size} bytes from {@code offset} (relative to the allocation). */
    public void flush(long offset, long size) {
        core.flush(this, offset, size);
    }

    /** Makes device writes visible to the host (needed for non-coherent memory; harmless otherwise). */
    public void invalidate() {
        core.invalidate(this, 0, VK_WHOLE_SIZE);
    }

    /** Frees the resource and its memory. Throws {@link AllocationFreedException} if already freed. */
    @Override
    public void close() {
        core.free(this);
    }

    /** Throws if freed. Caller holds this monitor. */
    final void checkLive(String operation) {
        if (freed) {
            throw new AllocationFreedException(operation + " on " + describe() + ", which was already freed");
        }
    }

    final boolean isFreedLocked() {
        return freed;
    }

    final void markFreed() {
        freed = true;
    }

    /** Short description for messages: kind, id, tag, name, size. */
    public String describe() {
        return getKind().name().toLowerCase(java.util.Locale.ROOT) + " #" + id + " (tag=" + tag
                + (name != null ? ", name=" + name : "") + ", " + io.memscope.core.internal.Bytes.format(requestedSize) + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
