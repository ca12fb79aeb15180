package io.memscope.ui;

import io.memscope.core.MemorySnapshot;
import io.memscope.core.event.AllocationInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes snapshot lists and allocation lists as CSV (RFC 4180, UTF-8, header row, comma-separated), with
 * Apache Commons CSV. Columns, units and the time format are documented in {@code docs/csv.md}: sizes in
 * bytes, ratios as fractions (0.25 = 25 %), times as ISO-8601 UTC instants ({@code 2026-11-24T09:41:07.123Z}).
 *
 * <p>Stateless; thread-safe. Cost: O(rows); the file is written in one go.
 */
public final class CsvExport {
    /** Columns of {@link #writeSnapshots}. */
    public static final List<String> SNAPSHOT_COLUMNS = List.of("id", "taken_at", "description", "used_bytes",
            "allocated_bytes", "allocation_count", "block_count", "fragmentation_ratio", "budget_bytes",
            "budget_usage_bytes", "budget_usage_ratio", "tags");
    /** Columns of {@link #writeAllocations}. */
    public static final List<String> ALLOCATION_COLUMNS = List.of("id", "tag", "kind", "name", "size_bytes",
            "allocated_bytes", "memory_usage", "memory_type", "heap", "device_memory", "offset_bytes", "created_at");

    private CsvExport() {
    }

    /** One row per snapshot, oldest first as given. {@code tags} is {@code tag=usedBytes} pairs joined by ';'. */
    public static void writeSnapshots(List<MemorySnapshot> snapshots, Path file) {
        write(file, SNAPSHOT_COLUMNS, printer -> {
            for (MemorySnapshot s : snapshots) {
                StringBuilder tags = new StringBuilder();
                s.tags().forEach((tag, stats) -> tags.append(tags.length() == 0 ? "" : ";").append(tag).append('=')
                        .append(stats.usedBytes()));
                printer.printRecord(s.id(), time(s.takenAt()), s.description(), s.stats().usedBytes(),
                        s.stats().totalBytes(), s.stats().allocationCount(), s.stats().blockCount(),
                        s.stats().fragmentationRatio(), s.budget().budgetBytes(), s.budget().usageBytes(),
                        s.budget().usagePercentage(), tags);
            }
        });
    }

    /** One row per allocation, in the order given. */
    public static void writeAllocations(List<AllocationInfo> allocations, Path file) {
        write(file, ALLOCATION_COLUMNS, printer -> {
            for (AllocationInfo a : allocations) {
                printer.printRecord(a.id(), a.tag(), a.kind(), Objects.requireNonNullElse(a.name(), ""), a.sizeBytes(),
                        a.allocatedBytes(), a.memoryUsage(), a.memoryTypeIndex(), a.heapIndex(),
                        "0x" + Long.toHexString(a.deviceMemory()), a.offset(),
                        time(Instant.ofEpochMilli(a.createdEpochMillis())));
            }
        });
    }

    private static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    @FunctionalInterface
    private interface Rows {
        void print(CSVPrinter printer) throws IOException;
    }

    private static void write(Path file, List<String> header, Rows rows) {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get();
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter printer = new CSVPrinter(writer, format)) {
            rows.print(printer);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
