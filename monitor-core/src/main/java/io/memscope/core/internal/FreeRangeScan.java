package io.memscope.core.internal;

import java.util.Arrays;

/**
 * Finds the free ranges of memory blocks from the placements of the allocations inside them: the gap
 * before each allocation and each block's tail. Allocations are bucketed by block with a counting sort
 * (O(n)); each block's starts and ends are then sorted only if they are not in order already (a ledger in
 * creation order mostly is). Allocations in one block never overlap, so sorted starts and sorted ends
 * pair up.
 *
 * <p>Cost: O(n) for offset-ordered input, O(n log n) at worst, no boxing, three arrays of n as scratch.
 * Stateless; any thread.
 */
public final class FreeRangeScan {
    private FreeRangeScan() {
    }

    /**
     * Adds the free ranges of every block to {@code rangesByBlock[b]}.
     *
     * @param blockMemory the blocks' {@code VkDeviceMemory} handles, distinct
     * @param blockSize the blocks' sizes in bytes
     * @param allocationMemory each allocation's block handle; allocations of unknown blocks are skipped
     * @param allocationOffset each allocation's offset in its block
     * @param allocationSize each allocation's size in bytes
     * @param count how many entries of the allocation arrays are used
     * @param rangesByBlock one accumulator per block, same order as {@code blockMemory} (may repeat)
     */
    public static void scan(long[] blockMemory, long[] blockSize, long[] allocationMemory, long[] allocationOffset,
                            long[] allocationSize, int count, FreeRanges[] rangesByBlock) {
        int blocks = blockMemory.length;
        long[] sortedMemory = blockMemory.clone();
        Arrays.sort(sortedMemory);
        int[] blockOfRank = new int[blocks];
        for (int b = 0; b < blocks; b++) {
            blockOfRank[Arrays.binarySearch(sortedMemory, blockMemory[b])] = b;
        }
        // Counting sort by block rank, keeping each block's allocations in input order.
        int[] rankOf = new int[count];
        int[] bucketStart = new int[blocks + 1];
        for (int i = 0; i < count; i++) {
            int rank = Arrays.binarySearch(sortedMemory, allocationMemory[i]);
            rankOf[i] = rank;
            if (rank >= 0) {
                bucketStart[rank + 1]++;
            }
        }
        for (int r = 0; r < blocks; r++) {
            bucketStart[r + 1] += bucketStart[r];
        }
        long[] starts = new long[bucketStart[blocks]];
        long[] ends = new long[starts.length];
        int[] fill = Arrays.copyOf(bucketStart, blocks);
        for (int i = 0; i < count; i++) {
            int rank = rankOf[i];
            if (rank >= 0) { // a block freed between the two snapshots has nothing to count
                int at = fill[rank]++;
                starts[at] = allocationOffset[i];
                ends[at] = allocationOffset[i] + allocationSize[i];
            }
        }
        for (int rank = 0; rank < blocks; rank++) {
            int block = blockOfRank[rank];
            scanBlock(starts, ends, bucketStart[rank], bucketStart[rank + 1], blockSize[block], rangesByBlock[block]);
        }
    }

    /**
     * Adds the free ranges of one block to {@code into}: the gaps between the allocations {@code [starts[i],
     * ends[i])} for {@code from <= i < to}, and the block's tail. Sorts that part of both arrays if the starts are
     * out of order. O(k), or O(k log k) unsorted.
     */
    public static void scanBlock(long[] starts, long[] ends, int from, int to, long blockSize, FreeRanges into) {
        if (!isSorted(starts, from, to)) {
            Arrays.sort(starts, from, to);
            Arrays.sort(ends, from, to);
        }
        long cursor = 0;
        for (int i = from; i < to; i++) {
            into.add(starts[i] - cursor);
            cursor = Math.max(cursor, ends[i]);
        }
        into.add(blockSize - cursor);
    }

    private static boolean isSorted(long[] values, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            if (values[i - 1] > values[i]) {
                return false;
            }
        }
        return true;
    }
}
