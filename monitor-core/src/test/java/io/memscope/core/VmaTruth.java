package io.memscope.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memscope.core.stats.HeapStats;
import io.memscope.core.stats.MemoryBlock;
import io.memscope.core.stats.MemoryFigures;
import io.memscope.core.stats.MemoryStats;
import io.memscope.core.stats.MemoryTypeStats;
import io.memscope.core.stats.PoolStats;
import java.util.ArrayList;
import java.util.List;
import org.lwjgl.util.vma.Vma;
import org.lwjgl.util.vma.VmaDetailedStatistics;
import org.lwjgl.util.vma.VmaTotalStatistics;

/** What VMA itself says, for cross-checking memscope's ledger in tests. */
final class VmaTruth {
    private VmaTruth() {
    }

    /** Asserts that memscope's figures equal {@code vmaCalculateStatistics} in total, per heap and per memory type. */
    static void assertLedgerMatchesVma(AllocatorCore core) {
        assertLedgerMatchesVma(core.engine());
    }

    /**
     * As {@link #assertLedgerMatchesVma(AllocatorCore)}, on the engine. The ledger's figures and VMA's are read in
     * one hold of the core's lock (it is reentrant), so they describe the same instant even while other threads
     * allocate.
     *
     * @throws io.memscope.core.exceptions.AllocatorClosedException if the core is closed
     */
    static void assertLedgerMatchesVma(CoreEngine engine) {
        VmaTotalStatistics vma = VmaTotalStatistics.calloc();
        try {
            engine.withVma(allocator -> {
                MemoryStats stats = engine.stats();
                Vma.vmaCalculateStatistics(allocator, vma);
                assertSame("total", stats.total(), vma.total());
                for (HeapStats heap : stats.heaps()) {
                    assertSame("heap " + heap.heapIndex(), heap.figures(), vma.memoryHeap(heap.heapIndex()));
                }
                for (MemoryTypeStats type : stats.memoryTypes()) {
                    assertSame("type " + type.memoryTypeIndex(), type.figures(), vma.memoryType(type.memoryTypeIndex()));
                }
                assertThat(stats.allocationCount()).as("allocationCount against the ledger's live count")
                        .isEqualTo(engine.liveAllocationCount());
                return null;
            });
        } finally {
            vma.free();
        }
    }

    /**
     * Asserts that the free ranges memscope's ledger derives from its offsets are the ones VMA lists in its detailed
     * JSON ({@code Suballocations} of type {@code FREE}, every pool and block): the same number, the same largest
     * one, and the same fragmentation (Sawicki's metric computed here from VMA's sizes). One hold of the lock.
     *
     * @throws io.memscope.core.exceptions.AllocatorClosedException if the core is closed
     */
    static void assertFreeRangesMatchVmaJson(CoreEngine engine) {
        record Both(MemoryStats stats, String json) {
        }
        Both both = engine.withVma(allocator -> new Both(engine.stats(), engine.vmaStatsJson(true)));
        List<Long> vmaFree = freeRangesFromJson(both.json());
        MemoryFigures total = both.stats().total();
        assertThat(total.freeRangeCount()).as("free ranges: ledger against VMA's JSON").isEqualTo(vmaFree.size());
        assertThat(total.largestFreeRangeBytes()).as("largest free range: ledger against VMA's JSON")
                .isEqualTo(vmaFree.stream().mapToLong(Long::longValue).max().orElse(0));
        assertThat(both.stats().fragmentationRatio()).as("fragmentation: ledger against Sawicki over VMA's JSON")
                .isCloseTo(sawicki(vmaFree), within(1e-9));
    }

    /**
     * Asserts that the memory map (every block with its size, pool membership, dedication and the placements
     * inside it) and the per-pool figures describe what VMA's detailed JSON lists: the same blocks per memory type
     * (compared as multisets: VMA's JSON does not name {@code VkDeviceMemory} handles), and per custom pool the same
     * block count and bytes, allocations and bytes, free ranges, largest free range and Sawicki fragmentation over
     * the pool's FREE suballocations. One hold of the lock.
     */
    static void assertMapAndPoolsMatchVmaJson(CoreEngine engine) {
        record All(MemoryMap map, MemoryStats stats, String json) {
        }
        All all = engine.withVma(allocator -> new All(engine.memoryMap(), engine.stats(), engine.vmaStatsJson(true)));
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(all.json());
        } catch (java.io.IOException e) {
            throw new AssertionError("VMA JSON did not parse", e);
        }
        List<String> vmaBlocks = new ArrayList<>();
        List<String> vmaPools = new ArrayList<>();
        root.path("DefaultPools").fields().forEachRemaining(type -> {
            int typeIndex = Integer.parseInt(type.getKey().substring("Type ".length()));
            collectBlocks(typeIndex, false, type.getValue(), vmaBlocks);
        });
        root.path("CustomPools").fields().forEachRemaining(type -> {
            int typeIndex = Integer.parseInt(type.getKey().substring("Type ".length()));
            for (JsonNode pool : type.getValue()) {
                collectBlocks(typeIndex, true, pool, vmaBlocks);
                List<Long> free = new ArrayList<>();
                long blocks = 0;
                long total = 0;
                long allocations = 0;
                long used = 0;
                for (JsonNode block : iterable(pool.path("Blocks"))) {
                    blocks++;
                    total += block.path("TotalBytes").asLong();
                    for (JsonNode sub : block.path("Suballocations")) {
                        if ("FREE".equals(sub.path("Type").asText())) {
                            free.add(sub.path("Size").asLong());
                        } else {
                            allocations++;
                            used += sub.path("Size").asLong();
                        }
                    }
                }
                if (blocks > 0) {
                    vmaPools.add(poolSignature(typeIndex, pool.path("PreferredBlockSize").asLong(), blocks, total,
                            allocations, used, free.size(), free.stream().mapToLong(Long::longValue).max().orElse(0),
                            sawicki(free)));
                }
            }
        });
        List<String> ourBlocks = new ArrayList<>();
        for (MemoryMap.BlockPlacements placed : all.map().blocks()) {
            MemoryBlock b = placed.block();
            StringBuilder sig = new StringBuilder().append(b.memoryTypeIndex()).append('|').append(b.sizeBytes())
                    .append('|').append(b.pool() != null).append('|').append(b.dedicated()).append('|');
            for (var a : placed.allocations()) {
                sig.append(a.offset()).append(':').append(a.allocatedBytes()).append(',');
            }
            ourBlocks.add(sig.toString());
        }
        assertThat(ourBlocks).as("memory map blocks against VMA's JSON").containsExactlyInAnyOrderElementsOf(vmaBlocks);
        List<String> ourPools = new ArrayList<>();
        for (PoolStats p : all.stats().pools()) {
            MemoryFigures f = p.figures();
            ourPools.add(poolSignature(p.memoryTypeIndex(), p.blockSizeBytes(), f.blockCount(), f.totalBytes(),
                    f.allocationCount(), f.usedBytes(), f.freeRangeCount(), f.largestFreeRangeBytes(),
                    f.fragmentationRatio()));
        }
        assertThat(ourPools).as("pool figures against VMA's JSON").containsExactlyInAnyOrderElementsOf(vmaPools);
    }

    private static void collectBlocks(int typeIndex, boolean pooled, JsonNode pool, List<String> into) {
        for (JsonNode block : iterable(pool.path("Blocks"))) {
            StringBuilder sig = new StringBuilder().append(typeIndex).append('|').append(block.path("TotalBytes").asLong())
                    .append('|').append(pooled).append("|false|");
            for (JsonNode sub : block.path("Suballocations")) {
                if (!"FREE".equals(sub.path("Type").asText())) {
                    sig.append(sub.path("Offset").asLong()).append(':').append(sub.path("Size").asLong()).append(',');
                }
            }
            into.add(sig.toString());
        }
        for (JsonNode dedicated : pool.path("DedicatedAllocations")) {
            long size = dedicated.path("Size").asLong();
            into.add(typeIndex + "|" + size + "|false|true|0:" + size + ",");
        }
    }

    private static Iterable<JsonNode> iterable(JsonNode objectOrArray) {
        List<JsonNode> children = new ArrayList<>();
        objectOrArray.elements().forEachRemaining(children::add);
        return children;
    }

    private static String poolSignature(int type, long blockSize, long blocks, long total, long allocations, long used,
                                        long freeRanges, long largest, double fragmentation) {
        return String.format(java.util.Locale.ROOT, "type %d block %d: %d blocks %d B, %d allocations %d B, %d free "
                + "ranges, largest %d, fragmentation %.9f", type, blockSize, blocks, total, allocations, used,
                freeRanges, largest, fragmentation);
    }

    private static void assertSame(String scope, MemoryFigures ours, VmaDetailedStatistics theirs) {
        assertThat(ours.allocationCount()).as(scope + " allocationCount").isEqualTo(theirs.statistics().allocationCount());
        assertThat(ours.usedBytes()).as(scope + " allocationBytes").isEqualTo(theirs.statistics().allocationBytes());
        assertThat(ours.blockCount()).as(scope + " blockCount").isEqualTo(theirs.statistics().blockCount());
        assertThat(ours.totalBytes()).as(scope + " blockBytes").isEqualTo(theirs.statistics().blockBytes());
        assertThat(ours.freeRangeCount()).as(scope + " unusedRangeCount").isEqualTo(theirs.unusedRangeCount());
        if (ours.freeRangeCount() > 0) {
            assertThat(ours.largestFreeRangeBytes()).as(scope + " unusedRangeSizeMax").isEqualTo(theirs.unusedRangeSizeMax());
        }
    }

    /** Sizes of every FREE suballocation in VMA's detailed JSON map (all pools, all blocks). */
    static List<Long> freeRangesFromJson(AllocatorCore core) {
        return freeRangesFromJson(core.getVmaStatsJson(true));
    }

    private static List<Long> freeRangesFromJson(String vmaJson) {
        try {
            JsonNode root = new ObjectMapper().readTree(vmaJson);
            List<Long> free = new ArrayList<>();
            collectFree(root, free);
            return free;
        } catch (java.io.IOException e) {
            throw new AssertionError("VMA JSON did not parse", e);
        }
    }

    private static void collectFree(JsonNode node, List<Long> into) {
        if (node.isObject()) {
            JsonNode subs = node.get("Suballocations");
            if (subs != null && subs.isArray()) {
                for (JsonNode sub : subs) {
                    if ("FREE".equals(sub.path("Type").asText())) {
                        into.add(sub.path("Size").asLong());
                    }
                }
            }
            node.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("Suballocations")) {
                    collectFree(e.getValue(), into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectFree(child, into));
        }
    }

    /** Sawicki's metric computed independently of memscope's code, from raw range sizes. */
    static double sawicki(List<Long> ranges) {
        double sum = 0;
        double squares = 0;
        for (long r : ranges) {
            sum += r;
            squares += (double) r * r;
        }
        return sum == 0 ? 0 : 1 - Math.sqrt(squares) / sum;
    }
}
