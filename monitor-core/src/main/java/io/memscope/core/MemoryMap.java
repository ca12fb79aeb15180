package io.memscope.core;

import io.memscope.core.event.AllocationInfo;
import io.memscope.core.stats.MemoryBlock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The placement of every live allocation in every {@code VkDeviceMemory} block at one moment: what the dashboard's
 * memory map draws and the map PNG shows. Free ranges are the gaps between a block's allocations.
 *
 * <p>Blocks are ordered by heap, memory type, then handle; each block's allocations by offset. Immutable; safe to
 * share between threads. Building one is O(n log n) in live allocations: take one per redraw of a picture, not per
 * event.
 *
 * @param takenAtEpochMillis wall-clock time the placements are of
 * @param blocks every block with its allocations
 */
public record MemoryMap(long takenAtEpochMillis, List<BlockPlacements> blocks) {
    /** An empty map. */
    public static final MemoryMap EMPTY = new MemoryMap(0, List.of());

    public MemoryMap {
        blocks = List.copyOf(blocks);
    }

    /**
     * One block and the allocations inside it, by offset.
     *
     * @param block the block
     * @param allocations its allocations, ordered by {@link AllocationInfo#offset()}
     */
    public record BlockPlacements(MemoryBlock block, List<AllocationInfo> allocations) {
        public BlockPlacements {
            allocations = List.copyOf(allocations);
        }

        /** Bytes of the block no allocation covers: its size minus its allocations' allocated bytes, at least 0. */
        public long freeBytes() {
            long used = 0;
            for (AllocationInfo a : allocations) {
                used += a.allocatedBytes();
            }
            return Math.max(0, block.sizeBytes() - used);
        }

        /** The allocation covering {@code offset} of this block, if any. O(log n). */
        public Optional<AllocationInfo> allocationAt(long offset) {
            int low = 0;
            int high = allocations.size() - 1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                AllocationInfo a = allocations.get(mid);
                if (offset < a.offset()) {
                    high = mid - 1;
                } else if (offset >= a.offset() + a.allocatedBytes()) {
                    low = mid + 1;
                } else {
                    return Optional.of(a);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Places {@code allocations} in {@code blocks}. An allocation whose block is not among {@code blocks} gets a
     * block of its own handle with {@link MemoryBlock#sizeKnown()} false, as large as the end of its last allocation.
     *
     * @param takenAtEpochMillis wall-clock time of the placements
     * @param blocks the known blocks (any order; a handle at most once)
     * @param allocations the live allocations (any order)
     * @throws IllegalArgumentException if a handle appears twice among {@code blocks}, an allocation id twice among
     *     {@code allocations}, or an allocation has a negative offset or size (or one whose end overflows)
     * @throws NullPointerException naming the argument if {@code blocks}, {@code allocations} or an element is null
     */
    public static MemoryMap of(long takenAtEpochMillis, Collection<MemoryBlock> blocks,
                               Collection<AllocationInfo> allocations) {
        Objects.requireNonNull(blocks, "blocks");
        Objects.requireNonNull(allocations, "allocations");
        Set<Long> ids = new HashSet<>();
        for (AllocationInfo a : allocations) {
            Objects.requireNonNull(a, "an allocation is null");
            if (a.offset() < 0 || a.allocatedBytes() < 0 || a.offset() + a.allocatedBytes() < 0) {
                throw new IllegalArgumentException("allocation " + a.id() + " has a negative or overflowing placement: "
                        + "offset " + a.offset() + ", " + a.allocatedBytes() + " B");
            }
            if (!ids.add(a.id())) {
                throw new IllegalArgumentException("allocation " + a.id() + " given twice");
            }
        }
        Map<Long, MemoryBlock> known = new HashMap<>();
        for (MemoryBlock block : blocks) {
            if (known.put(block.deviceMemory(), block) != null) {
                throw new IllegalArgumentException("block 0x" + Long.toHexString(block.deviceMemory())
                        + " given twice");
            }
        }
        Map<Long, List<AllocationInfo>> byBlock = new LinkedHashMap<>();
        for (MemoryBlock block : blocks) {
            byBlock.put(block.deviceMemory(), new ArrayList<>());
        }
        for (AllocationInfo a : allocations) {
            byBlock.computeIfAbsent(a.deviceMemory(), k -> new ArrayList<>()).add(a);
        }
        List<BlockPlacements> placed = new ArrayList<>(byBlock.size());
        byBlock.forEach((handle, inside) -> {
            inside.sort(Comparator.comparingLong(AllocationInfo::offset));
            MemoryBlock block = known.get(handle);
            if (block == null) {
                AllocationInfo last = inside.get(inside.size() - 1);
                long end = 0;
                for (AllocationInfo a : inside) {
                    end = Math.max(end, a.offset() + a.allocatedBytes());
                }
                block = new MemoryBlock(handle, last.memoryTypeIndex(), last.heapIndex(), end, null, false, false);
            }
            placed.add(new BlockPlacements(block, inside));
        });
        placed.sort(Comparator.comparingInt((BlockPlacements p) -> p.block().heapIndex())
                .thenComparingInt(p -> p.block().memoryTypeIndex())
                .thenComparingLong(p -> p.block().deviceMemory()));
        return new MemoryMap(takenAtEpochMillis, placed);
    }

    /** Live allocations in the map. O(blocks). */
    public int allocationCount() {
        int count = 0;
        for (BlockPlacements b : blocks) {
            count += b.allocations().size();
        }
        return count;
    }

    /** The allocation covering {@code offset} of block {@code deviceMemory}, if any. O(blocks + log n). */
    public Optional<AllocationInfo> allocationAt(long deviceMemory, long offset) {
        for (BlockPlacements b : blocks) {
            if (b.block().deviceMemory() == deviceMemory) {
                return b.allocationAt(offset);
            }
        }
        return Optional.empty();
    }
}
