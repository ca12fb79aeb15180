package io.memscope.core;

import io.memscope.core.exceptions.AllocationMappedException;
import java.nio.ByteBuffer;
import org.lwjgl.system.MemoryUtil;

/**
 * A host mapping of an {@link Allocation}, from {@link Allocation#map()}. Close it to unmap (idempotent).
 *
 * <p>The {@link ByteBuffer}s it hands out point straight at mapped memory: do not keep them past
 * {@link #close()}. memscope refuses to free an allocation while a mapping is open
 * ({@link AllocationMappedException}), so a buffer used inside the try-with-resources block is always valid.
 *
 * <p>Not thread-safe: one thread uses one mapping.
 */
public final class MappedMemory implements AutoCloseable {
    private final AllocationHost host;
    private final Allocation allocation;
    private final long address;
    private boolean closed;

    MappedMemory(AllocationHost host, Allocation allocation, long address) {
        this.host = host;
        this.allocation = allocation;
        this.address = address;
    }

    /** The allocation this maps. */
    public Allocation getAllocation() {
        return allocation;
    }

    /** The mapped address (for {@code MemoryUtil} and native code). */
    public long getAddress() {
        ensureOpen();
        return address;
    }

    /** The whole allocation ({@link Allocation#getSize()} bytes) as a buffer, position 0. At most 2 GiB. */
    public ByteBuffer getByteBuffer() {
        ensureOpen();
        return MemoryUtil.memByteBuffer(address, viewLength(allocation.getSize(), allocation.describe()));
    }

    /** {@code length} bytes starting {@code offset} bytes into the allocation. */
    public ByteBuffer getByteBuffer(long offset, int length) {
        ensureOpen();
        if (offset < 0 || length < 0 || offset > allocation.getSize() - length) {
            throw new IndexOutOfBoundsException("range [" + offset + ", " + (offset + length) + ") outside "
                    + allocation.describe());
        }
        return MemoryUtil.memByteBuffer(address + offset, length);
    }

    /** Flushes host writes (see {@link Allocation#flush()}). */
    public void flush() {
        ensureOpen();
        allocation.flush();
    }

    /** Invalidates before host reads (see {@link Allocation#invalidate()}). */
    public void invalidate() {
        ensureOpen();
        allocation.invalidate();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Unmaps. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            host.unmap(allocation);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("mapping of " + allocation.describe() + " is closed");
        }
    }

    static int viewLength(long size, String what) {
        if (size > Integer.MAX_VALUE) {
            throw new IllegalStateException(what + " is larger than 2 GiB; use getByteBuffer(offset, length)");
        }
        return (int) size;
    }
}
