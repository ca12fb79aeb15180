package io.memscope.remote;

import io.memscope.core.event.AllocationInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line that two ledgers share exactly when they hold the same allocations at the same places: the count, bytes
 * per tag, and a digest over every allocation's id, tag, size, memory type, block, offset and resource (sorted by id).
 * The child prints it for its own ledger; the test computes it from the remote one.
 */
final class LedgerSummary {
    private LedgerSummary() {
    }

    static String of(List<AllocationInfo> live) {
        Map<String, Long> tags = new TreeMap<>();
        long digest = 1;
        List<AllocationInfo> sorted = live.stream().sorted(Comparator.comparingLong(AllocationInfo::id)).toList();
        for (AllocationInfo a : sorted) {
            tags.merge(a.tag(), a.sizeBytes(), Long::sum);
            digest = mix(digest, a.id());
            digest = mix(digest, a.tag().hashCode());
            digest = mix(digest, a.sizeBytes());
            digest = mix(digest, a.allocatedBytes());
            digest = mix(digest, a.memoryTypeIndex());
            digest = mix(digest, a.deviceMemory());
            digest = mix(digest, a.offset());
            digest = mix(digest, a.resource());
        }
        return "count=" + live.size() + " tags=" + tags + " digest=" + Long.toHexString(digest);
    }

    private static long mix(long h, long v) {
        long x = h * 0x9E3779B97F4A7C15L + v;
        x ^= x >>> 29;
        x *= 0xBF58476D1CE4E5B9L;
        return x ^ (x >>> 32);
    }
}
