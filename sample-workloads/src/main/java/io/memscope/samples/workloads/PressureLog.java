package io.memscope.samples.workloads;

import io.memscope.core.stats.DefragmentationResult;
import io.memscope.core.stats.DeviceMemoryLayout;
import io.memscope.core.stats.MemoryTypeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the {@link PressureWorkload} did, for its report and its tests: a sample of the watched heap's budget and
 * usage at the start and the end of every frame, every eviction with what the resident set held when it was chosen,
 * the pressure episodes, the refusals, the defragmentations and where each allocation landed (memory type, heap,
 * device-local or spilled to host). Not thread-safe; the workload's thread writes and reads it.
 *
 * <p>Memory: one {@link FrameSample} per frame up to {@value #MAX_SAMPLES}, then every second one is dropped and
 * one frame in two (four, ...) kept; evictions and episodes are kept up to {@value #MAX_EVENTS} each (the counts go on).
 */
public final class PressureLog {
    static final int MAX_SAMPLES = 20_000;
    static final int MAX_EVENTS = 20_000;

    /**
     * The watched heap at the start of a frame (before the workload reacts) and at its end, in bytes.
     *
     * @param frame the frame index
     * @param epochMillis wall clock at the end of the frame
     * @param startBudget budget at the start of the frame
     * @param startUsage usage at the start of the frame
     * @param endBudget budget at the end of the frame
     * @param endUsage usage at the end of the frame
     * @param targetBytes the workload's target at the start of the frame: {@code target × startBudget}
     * @param signal whether the frame began with a pressure signal (usage over the target, or a refusal)
     * @param evicted resources evicted in the frame
     */
    public record FrameSample(int frame, long epochMillis, long startBudget, long startUsage, long endBudget,
                              long endUsage, long targetBytes, boolean signal, int evicted) {
        /** Whether usage was over the budget when the frame began. */
        public boolean overBudgetAtStart() {
            return startUsage > startBudget;
        }

        /** Whether usage was over the budget when the frame ended. */
        public boolean overBudgetAtEnd() {
            return endUsage > endBudget;
        }
    }

    /**
     * One evicted resource, and what the resident set held when it was chosen (found by a separate full scan).
     *
     * @param frame the frame it was evicted in
     * @param name the resource's name
     * @param sizeBytes bytes it asked for
     * @param priority its priority
     * @param lastUsed the frame it was last used in
     * @param lowestPriorityPresent the lowest priority of all residents at that moment
     * @param oldestUseAtLowestPriority the oldest last use among the residents of that priority
     */
    public record Eviction(int frame, String name, long sizeBytes, float priority, int lastUsed,
                           float lowestPriorityPresent, int oldestUseAtLowestPriority) {
        /** Whether it was the least recently used of the lowest priority present. */
        public boolean wasLruOfLowestPriority() {
            return priority == lowestPriorityPresent && lastUsed == oldestUseAtLowestPriority;
        }
    }

    /**
     * One pressure episode: a frame that began over the target or after a refusal.
     *
     * @param frame the frame
     * @param reason {@code "over target"} or {@code "refused"}
     * @param budgetBytes budget at the start of the frame
     * @param usageBefore usage at the start of the frame
     * @param usageAfter usage once the evictions were done
     * @param evicted resources evicted
     * @param evictedBytes bytes they had asked for
     */
    public record Episode(int frame, String reason, long budgetBytes, long usageBefore, long usageAfter, int evicted,
                          long evictedBytes) {
    }

    private final DeviceMemoryLayout layout;
    private final List<FrameSample> samples = new ArrayList<>();
    private int sampleStride = 1;
    private final List<Eviction> evictions = new ArrayList<>();
    private final List<Episode> episodes = new ArrayList<>();
    private final List<DefragmentationResult> defragmentations = new ArrayList<>();
    /** Per memory type: allocations made there and their bytes. */
    private final Map<Integer, long[]> placements = new TreeMap<>();
    private long evictionCount;
    private long evictedBytes;
    private long episodeCount;
    private long refusals;
    private long spilled;
    private long framesOverBudgetAfterSignal;
    private int overBudgetStreak;
    private int longestOverBudgetStreak;

    PressureLog(DeviceMemoryLayout layout) {
        this.layout = layout;
    }

    void sample(FrameSample sample) {
        if (sample.signal() && sample.overBudgetAtEnd()) {
            framesOverBudgetAfterSignal++;
        }
        overBudgetStreak = sample.overBudgetAtEnd() ? overBudgetStreak + 1 : 0;
        longestOverBudgetStreak = Math.max(longestOverBudgetStreak, overBudgetStreak);
        if (sample.frame() % sampleStride != 0 && !sample.signal()) {
            return;
        }
        samples.add(sample);
        if (samples.size() >= MAX_SAMPLES) {
            sampleStride *= 2;
            samples.removeIf(s -> s.frame() % sampleStride != 0 && !s.signal());
        }
    }

    void evicted(Eviction eviction) {
        evictionCount++;
        evictedBytes += eviction.sizeBytes();
        if (evictions.size() < MAX_EVENTS) {
            evictions.add(eviction);
        }
    }

    void episode(Episode episode) {
        episodeCount++;
        if (episodes.size() < MAX_EVENTS) {
            episodes.add(episode);
        }
    }

    void refused() {
        refusals++;
    }

    void placed(int memoryType, long bytes, boolean wantedDeviceLocal) {
        long[] figures = placements.computeIfAbsent(memoryType, t -> new long[2]);
        figures[0]++;
        figures[1] += bytes;
        if (wantedDeviceLocal && !layout.type(memoryType).isDeviceLocal()) {
            spilled++;
        }
    }

    void defragmented(DefragmentationResult result) {
        defragmentations.add(result);
    }

    /** Frame samples, oldest first (every frame for short runs; thinned for long ones, pressure frames always kept). */
    public List<FrameSample> samples() {
        return List.copyOf(samples);
    }

    /** Evictions, oldest first (the first {@value #MAX_EVENTS}). */
    public List<Eviction> evictions() {
        return List.copyOf(evictions);
    }

    public List<Episode> episodes() {
        return List.copyOf(episodes);
    }

    public List<DefragmentationResult> defragmentations() {
        return List.copyOf(defragmentations);
    }

    public long evictionCount() {
        return evictionCount;
    }

    public long episodeCount() {
        return episodeCount;
    }

    /** Allocations refused by {@code VMA_ALLOCATION_CREATE_WITHIN_BUDGET_BIT}. */
    public long refusals() {
        return refusals;
    }

    /** Allocations that wanted device-local memory and landed in a memory type that is not. */
    public long spilled() {
        return spilled;
    }

    /** Frames that began with a pressure signal and still ended over budget. */
    public long framesOverBudgetAfterSignal() {
        return framesOverBudgetAfterSignal;
    }

    /** The most consecutive frames that ended over budget. */
    public int longestOverBudgetStreak() {
        return longestOverBudgetStreak;
    }

    /** Allocations made per memory type index: {count, bytes}. */
    public Map<Integer, long[]> placements() {
        Map<Integer, long[]> copy = new TreeMap<>();
        placements.forEach((type, figures) -> copy.put(type, figures.clone()));
        return copy;
    }

    /** The report's text: placements, evictions, episodes, defragmentations, the budget over time. */
    String report(String head) {
        StringBuilder out = new StringBuilder(head).append('\n');
        out.append("where allocations landed:\n");
        placements.forEach((type, figures) -> {
            MemoryTypeInfo info = layout.type(type);
            out.append(String.format(Locale.ROOT, "  memory type %d (heap %d, %s): %d allocations, %s%n", type,
                    info.heapIndex(), info.isDeviceLocal() ? "device-local" : "host: spilled", figures[0],
                    gib(figures[1])));
        });
        out.append(String.format(Locale.ROOT, "refused (within budget): %d, spilled to host: %d%n", refusals, spilled));
        out.append(String.format(Locale.ROOT, "pressure episodes: %d, evicted: %d (%s); frames over budget after a "
                + "signal: %d, longest run of frames ending over budget: %d%n", episodeCount, evictionCount,
                gib(evictedBytes), framesOverBudgetAfterSignal, longestOverBudgetStreak));
        long lru = evictions.stream().filter(Eviction::wasLruOfLowestPriority).count();
        out.append(String.format(Locale.ROOT, "evictions that were the LRU of the lowest priority present: %d of %d%n",
                lru, evictions.size()));
        for (Episode e : episodes.subList(0, Math.min(episodes.size(), 20))) {
            out.append(String.format(Locale.ROOT, "  frame %d (%s): budget %s, usage %s -> %s, evicted %d (%s)%n",
                    e.frame(), e.reason(), gib(e.budgetBytes()), gib(e.usageBefore()), gib(e.usageAfter()),
                    e.evicted(), gib(e.evictedBytes())));
        }
        if (episodes.size() > 20) {
            out.append("  ... ").append(episodeCount - 20).append(" more\n");
        }
        for (DefragmentationResult d : defragmentations) {
            out.append(String.format(Locale.ROOT, "defragmentation: moved %d (%s), freed %d blocks (%s), "
                            + "fragmentation %.1f %% -> %.1f %%%n", d.allocationsMoved(), gib(d.bytesMoved()),
                    d.blocksFreed(), gib(d.bytesFreed()), d.fragmentationBefore() * 100, d.fragmentationAfter() * 100));
        }
        out.append("budget over time (watched heap, at frame ends):\n");
        out.append("  frame     budget      usage     target\n");
        int rows = Math.min(samples.size(), 12);
        for (int i = 0; i < rows; i++) {
            FrameSample s = samples.get(rows == 1 ? 0 : (int) ((long) i * (samples.size() - 1) / (rows - 1)));
            out.append(String.format(Locale.ROOT, "  %5d %10s %10s %10s%n", s.frame(), gib(s.endBudget()),
                    gib(s.endUsage()), gib(s.targetBytes())));
        }
        return out.toString();
    }

    /** The samples as CSV: one line per kept frame (UTF-8, comma-separated, a header line). */
    String csv() {
        StringBuilder out = new StringBuilder("frame,epoch_millis,start_budget_bytes,start_usage_bytes,"
                + "end_budget_bytes,end_usage_bytes,target_bytes,signal,evicted\n");
        for (FrameSample s : samples) {
            out.append(s.frame()).append(',').append(s.epochMillis()).append(',').append(s.startBudget()).append(',')
                    .append(s.startUsage()).append(',').append(s.endBudget()).append(',').append(s.endUsage())
                    .append(',').append(s.targetBytes()).append(',').append(s.signal()).append(',')
                    .append(s.evicted()).append('\n');
        }
        return out.toString();
    }

    static String gib(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}
