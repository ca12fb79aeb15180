package io.memscope.export;

import io.memscope.core.MemorySnapshot;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.management.CallSites;
import io.memscope.core.management.CallStack;
import io.memscope.core.management.StackFrame;
import io.memscope.core.stats.TagStats;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Writes snapshot lists and allocation lists as CSV (RFC 4180, UTF-8, header row, comma-separated), with
 * Apache Commons CSV. Columns, units and the time format are documented in {@code docs/csv.md}: sizes in
 * bytes, ratios as fractions (0.25 = 25 %), times as ISO-8601 UTC instants with milliseconds
 * ({@code 2026-11-24T09:41:07.123Z}). Text cells that a spreadsheet would run as a formula get a leading
 * {@code '} ({@link CsvCells}); characters UTF-8 cannot encode become U+FFFD. Every file is written
 * atomically ({@link AtomicFiles}): a failed or killed write leaves the previous file as it was.
 *
 * <p>Stateless; thread-safe. Cost: O(rows); each file is written in one go and forced to disk.
 */
public final class CsvExport {
    /** Columns of the snapshots file of {@link #writeSnapshots}. */
    public static final List<String> SNAPSHOT_COLUMNS = List.of("id", "taken_at", "description", "used_bytes",
            "allocated_bytes", "allocation_count", "block_count", "fragmentation_ratio", "budget_bytes",
            "budget_usage_bytes", "budget_usage_ratio");
    /** Columns of the per-tag file of {@link #writeSnapshots} ({@link #tagsFileFor}): one row per snapshot and tag. */
    public static final List<String> SNAPSHOT_TAG_COLUMNS = List.of("snapshot_id", "tag", "allocation_count",
            "used_bytes", "requested_bytes", "buffer_count", "image_count");
    /** Columns of {@link #writeAllocations}. */
    public static final List<String> ALLOCATION_COLUMNS = List.of("id", "tag", "kind", "name", "size_bytes",
            "allocated_bytes", "memory_usage", "memory_type", "heap", "device_memory", "offset_bytes", "created_at");

    private static final DateTimeFormatter MILLIS_UTC =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private CsvExport() {
    }

    /**
     * Writes {@code file} with one row per snapshot, in the order given, and {@link #tagsFileFor tagsFileFor(file)}
     * with one row per snapshot and tag (tags in alphabetical order). Each file is replaced atomically on its own.
     */
    public static void writeSnapshots(List<MemorySnapshot> snapshots, Path file) {
        write(file, SNAPSHOT_COLUMNS, table -> {
            for (MemorySnapshot s : snapshots) {
                table.row(s.id(), time(s.takenAt()), s.description(), s.stats().usedBytes(), s.stats().totalBytes(),
                        s.stats().allocationCount(), s.stats().blockCount(), s.stats().fragmentationRatio(),
                        s.budget().budgetBytes(), s.budget().usageBytes(), s.budget().usagePercentage());
            }
        });
        write(tagsFileFor(file), SNAPSHOT_TAG_COLUMNS, table -> {
            for (MemorySnapshot s : snapshots) {
                for (TagStats t : s.tags().values()) {
                    table.row(s.id(), t.tag(), t.allocationCount(), t.usedBytes(), t.requestedBytes(), t.bufferCount(),
                            t.imageCount());
                }
            }
        });
    }

    /**
     * The per-tag file written next to a snapshots file: {@code snapshot_tags.csv} for {@code snapshots.csv},
     * {@code NAME_tags.csv} for any other {@code NAME.csv} (or {@code NAME}), in the same directory.
     */
    public static Path tagsFileFor(Path snapshotsFile) {
        String name = snapshotsFile.getFileName().toString();
        String stem = name.regionMatches(true, name.length() - 4, ".csv", 0, 4) ? name.substring(0, name.length() - 4) : name;
        return snapshotsFile.resolveSibling(stem.equals("snapshots") ? "snapshot_tags.csv" : stem + "_tags.csv");
    }

    /** One row per allocation, in the order given. */
    public static void writeAllocations(List<AllocationInfo> allocations, Path file) {
        write(file, ALLOCATION_COLUMNS, table -> {
            for (AllocationInfo a : allocations) {
                table.row(a.id(), a.tag(), a.kind(), Objects.requireNonNullElse(a.name(), ""), a.sizeBytes(),
                        a.allocatedBytes(), a.memoryUsage(), a.memoryTypeIndex(), a.heapIndex(),
                        "0x" + Long.toHexString(a.deviceMemory()), a.offset(),
                        time(Instant.ofEpochMilli(a.createdEpochMillis())));
            }
        });
    }

    /** Columns of {@link #writeCallSites}. */
    public static final List<String> CALL_SITE_COLUMNS = List.of("core", "allocated_bytes", "allocations", "share",
            "allocating_frame", "stack");

    /**
     * Writes {@code file} with one row per distinct call stack of the live allocations ({@link CallSites#paths()}),
     * per core, largest first: the core, the reserved bytes and count of the allocations it made, their share of the
     * core's live bytes (0..1), the allocating frame ({@code class.method:line}, the stack's innermost) and the whole
     * stack outermost first joined by {@code ;} (the "folded" form flame-graph tools read). Allocations without a
     * recorded stack are one row, {@code (no stack recorded)} in both text columns. Replaced atomically.
     */
    public static void writeCallSites(Map<Integer, CallSites> byCore, Path file) {
        write(file, CALL_SITE_COLUMNS, table -> {
            for (Map.Entry<Integer, CallSites> e : byCore.entrySet()) {
                CallSites sites = e.getValue();
                for (CallSites.Path path : sites.paths()) {
                    CallStack stack = path.stack();
                    StackFrame top = stack == null ? null : stack.top();
                    table.row(e.getKey(), path.bytes(), path.count(),
                            sites.liveBytes() == 0 ? 0.0 : (double) path.bytes() / sites.liveBytes(),
                            stack == null ? CallSites.NO_STACK : top == null ? "(memscope only)" : top.toString(),
                            path.folded());
                }
            }
        });
    }

    /** {@code instant} truncated to milliseconds, as {@code 2026-11-24T09:41:07.123Z} (always three digits). */
    static String time(Instant instant) {
        return MILLIS_UTC.format(instant);
    }

    private static void write(Path file, List<String> header, Rows rows) {
        AtomicFiles.writeText(file, out -> rows.writeTo(new CsvTable(out, header)));
    }

    @FunctionalInterface
    private interface Rows {
        void writeTo(CsvTable table) throws IOException;
    }
}
