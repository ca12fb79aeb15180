package io.memscope.core.management;

import io.memscope.core.AllocationKind;
import io.memscope.core.MemoryUsage;
import io.memscope.core.event.AllocationInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.ConstructorParameters;
import org.jspecify.annotations.Nullable;

/**
 * The live allocations of a core and the hub's sequence number they correspond to, in columns of primitive arrays
 * (one entry per allocation, oldest first) so that JMX carries 100 000 allocations in one compact
 * {@code CompositeData}. Tags are stored once ({@link #getTags()}) and referenced by index; kinds and memory usages by
 * their enum ordinal. Built by {@link MemoryMonitorMXBean#captureLiveState()}; {@link #toAllocations()} turns it back
 * into {@link AllocationInfo}s.
 *
 * <p>Immutable by contract (the getters return the arrays themselves, for speed: do not change them); safe to share
 * between threads. Memory: about 70 bytes per allocation plus its name.
 */
public final class LiveState {
    private final long sequence;
    private final long capturedEpochMillis;
    private final String[] tags;
    private final int[] tagIndexes;
    private final long[] ids;
    private final byte[] kinds;
    private final @Nullable String[] names;
    private final long[] sizes;
    private final long[] allocatedSizes;
    private final byte[] memoryUsages;
    private final int[] memoryTypes;
    private final int[] heaps;
    private final long[] deviceMemories;
    private final long[] offsets;
    private final long[] resources;
    private final long[] createdEpochMillis;

    /** The columns as they are (not copied); all arrays but {@code tags} have one entry per allocation. */
    @ConstructorParameters({"sequence", "capturedEpochMillis", "tags", "tagIndexes", "ids", "kinds", "names", "sizes",
            "allocatedSizes", "memoryUsages", "memoryTypes", "heaps", "deviceMemories", "offsets", "resources",
            "createdEpochMillis"})
    @SuppressWarnings("NullAway") // JMX hands over what the MXBean produced
    public LiveState(long sequence, long capturedEpochMillis, String[] tags, int[] tagIndexes, long[] ids, byte[] kinds,
                     @Nullable String[] names, long[] sizes, long[] allocatedSizes, byte[] memoryUsages,
                     int[] memoryTypes, int[] heaps, long[] deviceMemories, long[] offsets, long[] resources,
                     long[] createdEpochMillis) {
        int n = ids.length;
        if (tagIndexes.length != n || kinds.length != n || names.length != n || sizes.length != n
                || allocatedSizes.length != n || memoryUsages.length != n || memoryTypes.length != n
                || heaps.length != n || deviceMemories.length != n || offsets.length != n || resources.length != n
                || createdEpochMillis.length != n) {
            throw new IllegalArgumentException("LiveState columns differ in length");
        }
        this.sequence = sequence;
        this.capturedEpochMillis = capturedEpochMillis;
        this.tags = tags;
        this.tagIndexes = tagIndexes;
        this.ids = ids;
        this.kinds = kinds;
        this.names = names;
        this.sizes = sizes;
        this.allocatedSizes = allocatedSizes;
        this.memoryUsages = memoryUsages;
        this.memoryTypes = memoryTypes;
        this.heaps = heaps;
        this.deviceMemories = deviceMemories;
        this.offsets = offsets;
        this.resources = resources;
        this.createdEpochMillis = createdEpochMillis;
    }

    /** Encodes {@code allocations} (oldest first) as the state at {@code sequence}. O(n). */
    @SuppressWarnings("EnumOrdinal") // compact by design: toAllocations() reads them back with the same enums
    public static LiveState of(long sequence, long capturedEpochMillis, List<AllocationInfo> allocations) {
        int n = allocations.size();
        Map<String, Integer> tagIndex = new HashMap<>();
        List<String> tagList = new ArrayList<>();
        int[] tagIndexes = new int[n];
        long[] ids = new long[n];
        byte[] kinds = new byte[n];
        @Nullable String[] names = new String[n];
        long[] sizes = new long[n];
        long[] allocatedSizes = new long[n];
        byte[] usages = new byte[n];
        int[] memoryTypes = new int[n];
        int[] heaps = new int[n];
        long[] deviceMemories = new long[n];
        long[] offsets = new long[n];
        long[] resources = new long[n];
        long[] created = new long[n];
        for (int i = 0; i < n; i++) {
            AllocationInfo a = allocations.get(i);
            tagIndexes[i] = tagIndex.computeIfAbsent(a.tag(), t -> {
                tagList.add(t);
                return tagList.size() - 1;
            });
            ids[i] = a.id();
            kinds[i] = (byte) a.kind().ordinal();
            names[i] = a.name();
            sizes[i] = a.sizeBytes();
            allocatedSizes[i] = a.allocatedBytes();
            usages[i] = (byte) a.memoryUsage().ordinal();
            memoryTypes[i] = a.memoryTypeIndex();
            heaps[i] = a.heapIndex();
            deviceMemories[i] = a.deviceMemory();
            offsets[i] = a.offset();
            resources[i] = a.resource();
            created[i] = a.createdEpochMillis();
        }
        return new LiveState(sequence, capturedEpochMillis, tagList.toArray(String[]::new), tagIndexes, ids, kinds,
                names, sizes, allocatedSizes, usages, memoryTypes, heaps, deviceMemories, offsets, resources, created);
    }

    /** The live allocations again, oldest first. O(n). */
    public List<AllocationInfo> toAllocations() {
        AllocationKind[] kindValues = AllocationKind.values();
        MemoryUsage[] usageValues = MemoryUsage.values();
        List<AllocationInfo> out = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            out.add(new AllocationInfo(ids[i], tags[tagIndexes[i]], kindValues[kinds[i]], names[i], sizes[i],
                    allocatedSizes[i], usageValues[memoryUsages[i]], memoryTypes[i], heaps[i], deviceMemories[i],
                    offsets[i], resources[i], createdEpochMillis[i]));
        }
        return out;
    }

    /** Number of live allocations. */
    public int size() {
        return ids.length;
    }

    /** The hub's sequence number: the state reflects exactly the events numbered up to it. */
    public long getSequence() {
        return sequence;
    }

    /** Wall-clock time of the capture, epoch milliseconds. */
    public long getCapturedEpochMillis() {
        return capturedEpochMillis;
    }

    /** The distinct tags, referenced by {@link #getTagIndexes()}. */
    public String[] getTags() {
        return tags;
    }

    public int[] getTagIndexes() {
        return tagIndexes;
    }

    public long[] getIds() {
        return ids;
    }

    /** {@link AllocationKind} ordinals. */
    public byte[] getKinds() {
        return kinds;
    }

    /** Names given at creation; {@code null} entries where none was given. */
    public @Nullable String[] getNames() {
        return names;
    }

    /** Requested sizes, bytes. */
    public long[] getSizes() {
        return sizes;
    }

    /** Sizes VMA reserved, bytes. */
    public long[] getAllocatedSizes() {
        return allocatedSizes;
    }

    /** {@link MemoryUsage} ordinals. */
    public byte[] getMemoryUsages() {
        return memoryUsages;
    }

    public int[] getMemoryTypes() {
        return memoryTypes;
    }

    public int[] getHeaps() {
        return heaps;
    }

    /** {@code VkDeviceMemory} handles. */
    public long[] getDeviceMemories() {
        return deviceMemories;
    }

    /** Byte offsets inside the blocks. */
    public long[] getOffsets() {
        return offsets;
    }

    /** {@code VkBuffer} / {@code VkImage} handles. */
    public long[] getResources() {
        return resources;
    }

    /** Creation times, epoch milliseconds. */
    public long[] getCreatedEpochMillis() {
        return createdEpochMillis;
    }
}
