package io.memscope.core;

import static org.lwjgl.vulkan.VK10.VK_WHOLE_SIZE;

import io.memscope.core.event.AllocationInfo;
import io.memscope.core.exceptions.AllocationFreedException;
import io.memscope.core.exceptions.AllocatorClosedException;
import io.memscope.core.exceptions.MemoryNotHostVisibleException;
import io.memscope.core.internal.Bytes;
import io.memscope.core.internal.CoarseClock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
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
    private static final int FREED = -1;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Allocation.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MemoryAllocator owner;
    private final AllocationHost host;
    private final long id;
    private final @Nullable String name;
    private final long requestedSize;
    private final MemoryUsage memoryUsage;
    private final long createdNanos;

    // Placement, as VMA reported it at creation; published with the handle (ledger append, return to caller).
    long vmaAllocation;
    long deviceMemory;
    long offset;
    long allocatedSize;
    int memoryTypeIndex;
    long persistentMappedAddress;

    // The ledger's bookkeeping, changed only under the core lock (see Ledger).
    /** The part of a block the ledger files it in (null before it is filed / after it left), and its slot there. */
    @Nullable BlockSegment segment;
    int slotInBlock = -1;
    /** The ledger's running totals of this allocation's tag. */
    @Nullable TagTotals tagTotals;

    /** The last {@link #toInfo()}, handed out again while the placement it shows is current. */
    private volatile @Nullable AllocationInfo info;

    /**
     * Lifecycle word: {@value #FREED} once freed, otherwise the number of pins (open mappings plus native calls
     * in progress on this allocation). Freeing needs zero pins. Changed only under the core's lock (release
     * stores), read from any thread.
     */
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;
    /** Whether defragmentation must leave this allocation where it is. */
    private volatile boolean pinned;
    /** Listeners for moves; created on first registration. */
    private volatile java.util.@Nullable List<AllocationMoveListener> moveListeners;

    Allocation(MemoryAllocator owner, AllocationHost host, long id, @Nullable String name, long requestedSize,
               MemoryUsage memoryUsage, long vmaAllocation, long deviceMemory, long offset, long allocatedSize,
               int memoryTypeIndex, long persistentMappedAddress) {
        this.owner = owner;
        this.host = host;
        this.id = id;
        this.name = name;
        this.requestedSize = requestedSize;
        this.memoryUsage = memoryUsage;
        this.vmaAllocation = vmaAllocation;
        this.deviceMemory = deviceMemory;
        this.offset = offset;
        this.allocatedSize = allocatedSize;
        this.memoryTypeIndex = memoryTypeIndex;
        this.persistentMappedAddress = persistentMappedAddress;
        this.createdNanos = CoarseClock.nanoTime();
    }

    /** What this allocation backs. */
    public abstract AllocationKind getKind();

    /** Process-unique id; increasing in creation order among one thread's allocations. */
    public long getId() {
        return id;
    }

    /** Tag of the {@link MemoryAllocator} that made it, e.g. {@code "TerrainRenderer"}. */
    public String getTag() {
        return owner.getTag();
    }

    /** The facade that made it; its warning threshold sees this allocation's frees. */
    public MemoryAllocator getAllocator() {
        return owner;
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
        return host.layout().type(memoryTypeIndex).heapIndex();
    }

    /** The {@code VkDeviceMemory} block it lives in. */
    public long getDeviceMemory() {
        return deviceMemory;
    }

    /** Offset in bytes inside {@link #getDeviceMemory()}. */
    public long getOffset() {
        return offset;
    }

    /** Wall-clock creation time, to about a millisecond. */
    public Instant getCreatedAt() {
        return Instant.ofEpochMilli(host.epochMillisAt(createdNanos));
    }

    /** Creation time on {@link System#nanoTime()}'s clock (to about a millisecond), for ages. */
    public long getCreatedNanos() {
        return createdNanos;
    }

    /** The raw {@code VmaAllocation} handle, for interop with code that calls VMA directly. Do not free it. */
    public long getVmaAllocation() {
        return vmaAllocation;
    }

    /** The {@code VkBuffer} or {@code VkImage} handle. */
    abstract long resourceHandle();

    /** Points the handle at the resource that replaced it after a move. */
    abstract void replaceResource(long newHandle);

    /**
     * Pins the allocation in place ({@code true}): defragmentation never moves it, e.g. while the GPU uses it
     * this frame. Persistently mapped and currently mapped allocations never move either.
     */
    public void setPinned(boolean pinned) {
        this.pinned = pinned;
    }

    /** Whether {@link #setPinned(boolean)} pinned it. */
    public boolean isPinned() {
        return pinned;
    }

    /**
     * Calls {@code listener} after every move of this allocation, on the thread that runs the
     * defragmentation, with the old and new placement (so engine code can rewrite descriptors). Close the
     * returned handle to remove it.
     */
    public AutoCloseable addMoveListener(AllocationMoveListener listener) {
        synchronized (this) {
            List<AllocationMoveListener> list = moveListeners;
            if (list == null) {
                list = new CopyOnWriteArrayList<>();
                moveListeners = list;
            }
            list.add(listener);
            List<AllocationMoveListener> registered = list;
            return () -> registered.remove(listener);
        }
    }

    /** Tells the move listeners; a listener that throws is logged and the others still hear. */
    final void notifyMoved(AllocationInfo before, AllocationInfo after) {
        List<AllocationMoveListener> list = moveListeners;
        if (list == null) {
            return;
        }
        for (AllocationMoveListener listener : list) {
            try {
                listener.onMoved(this, before, after);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Allocation.class).error("move listener of {} failed", describe(), e);
            }
        }
    }

    /** Whether something holds it mapped or in a native call right now (pins &gt; 0). */
    final boolean isInUse() {
        return state > 0;
    }

    /** After a move: the new block and offset VMA reports. Caller holds the core lock. */
    final void placedAt(long newDeviceMemory, long newOffset) {
        this.deviceMemory = newDeviceMemory;
        this.offset = newOffset;
    }

    /**
     * An immutable picture of this allocation's identity and current placement, as events and snapshots carry
     * it. O(1); the same record until the allocation moves (its creation event, its free event and every live list in
     * between share one), so reading 100 k live allocations a second makes no garbage for those that stayed.
     */
    public AllocationInfo toInfo() {
        AllocationInfo last = info;
        long handle = resourceHandle();
        if (last != null && last.deviceMemory() == deviceMemory && last.offset() == offset
                && last.resource() == handle && last.memoryTypeIndex() == memoryTypeIndex) {
            return last;
        }
        AllocationInfo now = new AllocationInfo(id, owner.getTag(), getKind(), name, requestedSize,
                allocatedSize, memoryUsage, memoryTypeIndex, getHeapIndex(), deviceMemory, offset, handle,
                host.epochMillisAt(createdNanos));
        info = now;
        return now;
    }

    /** The engine that made this allocation (owner checks compare it). */
    AllocationHost host() {
        return host;
    }

    /** {@code false} once freed (by {@link #close()}, the allocator, or as a leak when the core closed). */
    public boolean isLive() {
        return state != FREED;
    }

    /** Whether the memory type is {@code HOST_VISIBLE}, i.e. {@link #map()} works. */
    public boolean isHostVisible() {
        return host.layout().type(memoryTypeIndex).isHostVisible();
    }

    /** Whether the memory type is {@code HOST_COHERENT}; if not, {@link #flush()} after writes and {@link #invalidate()} before reads. */
    public boolean isHostCoherent() {
        return host.layout().type(memoryTypeIndex).isHostCoherent();
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
        checkLive("getPersistentMapping");
        if (persistentMappedAddress == 0) {
            throw new IllegalStateException(describe() + " is not persistently mapped; request it with persistentlyMapped()");
        }
        return MemoryUtil.memByteBuffer(persistentMappedAddress, MappedMemory.viewLength(requestedSize, describe()));
    }

    /**
     * Maps the memory; close the returned view to unmap (try-with-resources). Mappings nest (VMA counts them).
     *
     * @throws MemoryNotHostVisibleException if the memory type is not host-visible
     */
    public MappedMemory map() {
        return host.map(this);
    }

    /** Flushes the whole allocation's host writes to the device (needed for non-coherent memory; harmless otherwise). */
    public void flush() {
        host.flush(this, 0, VK_WHOLE_SIZE);
    }

    /** Flushes {@code size} bytes from {@code offset} (relative to the allocation). */
    public void flush(long offset, long size) {
        host.flush(this, offset, size);
    }

    /** Makes device writes visible to the host (needed for non-coherent memory; harmless otherwise). */
    public void invalidate() {
        host.invalidate(this, 0, VK_WHOLE_SIZE);
    }

    /** Frees the resource and its memory through {@link #getAllocator()}. Throws {@link AllocationFreedException} if already freed. */
    @Override
    public void close() {
        owner.free(this);
    }

    /** Throws {@link AllocationFreedException} if freed. */
    final void checkLive(String operation) {
        if (state == FREED) {
            throw freedException(operation);
        }
    }

    final AllocationFreedException freedException(String operation) {
        return new AllocationFreedException(operation + " on " + describe() + ", which was already freed");
    }

    /** Pins the allocation against freeing while a mapping or native call uses it. Caller holds the core lock. */
    final void pin(String operation) {
        int s = state;
        if (s == FREED) {
            throw freedException(operation);
        }
        STATE.setRelease(this, s + 1);
    }

    /** Caller holds the core lock. */
    final void unpin() {
        STATE.setRelease(this, state - 1);
    }

    /**
     * Marks the allocation freed if nothing pins it. Caller holds the core lock (every change of the state
     * word happens under it, so a release store suffices: other threads only read it).
     *
     * @return 0 on success, {@value #FREED} if it was already freed, else the number of pins that prevent it
     */
    final int tryMarkFreed() {
        int s = state;
        if (s == 0) {
            STATE.setRelease(this, FREED);
        }
        return s;
    }

    /**
     * Whether host code may be touching its memory right now: it is persistently mapped, or a mapping or native call
     * pins it. Read under the core lock.
     */
    final boolean isMappedNow() {
        return persistentMappedAddress != 0 || state > 0;
    }

    /** Marks the allocation freed whatever pins it; returns the pins it had (open mappings, at close). Under the core lock. */
    final int forceMarkFreed() {
        int previous = state;
        STATE.setRelease(this, FREED);
        return Math.max(previous, 0);
    }

    /** Allocations are compared by identity; the hash derives from the id, which is cheaper than an identity hash. */
    @Override
    public final boolean equals(Object other) {
        return this == other;
    }

    @Override
    public final int hashCode() {
        return Long.hashCode(id * 0x9E3779B97F4A7C15L);
    }

    /** Short description for messages: kind, id, tag, name, size. */
    public String describe() {
        return getKind().name().toLowerCase(Locale.ROOT) + " #" + id + " (tag=" + owner.getTag()
                + (name != null ? ", name=" + name : "") + ", " + Bytes.format(requestedSize) + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
