package io.memscope.export.capture;

import io.memscope.core.AllocationKind;
import io.memscope.core.MemoryUsage;
import io.memscope.core.event.AllocationInfo;
import java.util.Arrays;

/**
 * The allocations of a capture as columns of primitives (about 76 bytes a row instead of ~250 for an
 * {@link AllocationInfo} and its strings), so a capture of millions of allocations fits in a modest heap. A row is
 * one {@code AllocationInfo}; its creation and its free share it. Built by one thread, then read-only.
 */
final class AllocationTable {
    private static final AllocationKind[] KINDS = AllocationKind.values();
    private static final MemoryUsage[] USAGES = MemoryUsage.values();

    private final StringTable strings;
    private long[] id = new long[1024];
    private long[] size = new long[1024];
    private long[] allocated = new long[1024];
    private long[] deviceMemory = new long[1024];
    private long[] offset = new long[1024];
    private long[] resource = new long[1024];
    private long[] created = new long[1024];
    /** Kind, usage, memory type and heap: {@code kind | usage << 2 | type << 8 | heap << 20}. */
    private int[] placement = new int[1024];
    private int[] tag = new int[1024];
    private int[] name = new int[1024];
    private int rows;

    AllocationTable(StringTable strings) {
        this.strings = strings;
    }

    /** Adds {@code a} as a new row and returns its number. */
    int add(AllocationInfo a) {
        if (a.memoryTypeIndex() < 0 || a.memoryTypeIndex() >= 1 << 12
                || a.heapIndex() < 0 || a.heapIndex() >= 1 << 11) {
            throw new IllegalArgumentException("memory type or heap out of range: " + a);
        }
        if (rows == id.length) {
            grow();
        }
        int r = rows++;
        id[r] = a.id();
        size[r] = a.sizeBytes();
        allocated[r] = a.allocatedBytes();
        deviceMemory[r] = a.deviceMemory();
        offset[r] = a.offset();
        resource[r] = a.resource();
        created[r] = a.createdEpochMillis();
        placement[r] = a.kind().ordinal() | a.memoryUsage().ordinal() << 2 | a.memoryTypeIndex() << 8
                | a.heapIndex() << 20;
        tag[r] = strings.number(a.tag());
        name[r] = strings.number(a.name());
        return r;
    }

    /** Whether row {@code r} holds {@code a}: the same allocation at the same place (a free of its creation). */
    boolean holds(int r, AllocationInfo a) {
        int p = placement[r];
        return id[r] == a.id() && size[r] == a.sizeBytes() && allocated[r] == a.allocatedBytes()
                && deviceMemory[r] == a.deviceMemory() && offset[r] == a.offset() && resource[r] == a.resource()
                && created[r] == a.createdEpochMillis() && (p & 3) == a.kind().ordinal()
                && ((p >>> 2) & 0x3F) == a.memoryUsage().ordinal() && ((p >>> 8) & 0xFFF) == a.memoryTypeIndex()
                && p >>> 20 == a.heapIndex() && a.tag().equals(strings.get(tag[r]))
                && java.util.Objects.equals(a.name(), strings.get(name[r]));
    }

    long id(int r) {
        return id[r];
    }

    String tag(int r) {
        return strings.nonNull(tag[r]);
    }

    /** Row {@code r} as an {@code AllocationInfo}. */
    AllocationInfo get(int r) {
        int p = placement[r];
        return new AllocationInfo(id[r], strings.nonNull(tag[r]), KINDS[p & 3], strings.get(name[r]), size[r],
                allocated[r], USAGES[(p >>> 2) & 0x3F], (p >>> 8) & 0xFFF, p >>> 20, deviceMemory[r], offset[r],
                resource[r], created[r]);
    }

    private void grow() {
        int n = rows + (rows >> 1);
        id = Arrays.copyOf(id, n);
        size = Arrays.copyOf(size, n);
        allocated = Arrays.copyOf(allocated, n);
        deviceMemory = Arrays.copyOf(deviceMemory, n);
        offset = Arrays.copyOf(offset, n);
        resource = Arrays.copyOf(resource, n);
        created = Arrays.copyOf(created, n);
        placement = Arrays.copyOf(placement, n);
        tag = Arrays.copyOf(tag, n);
        name = Arrays.copyOf(name, n);
    }
}
