package io.memscope.export.capture;

import io.memscope.core.MemorySnapshot;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.event.SnapshotTaken;
import io.memscope.core.management.CallSites;
import io.memscope.export.CsvExport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A capture's snapshots and allocation lists as the CSV files of {@link CsvExport} (formats in {@code docs/csv.md}),
 * written into a folder:
 * <ul>
 *   <li>{@code snapshots.csv} and {@code snapshot_tags.csv}: every snapshot of the capture, in order;</li>
 *   <li>{@code snapshot-ID-allocations.csv}: the allocations live at snapshot ID (the snapshot's own list, or for a
 *       snapshot taken without one, of more than 10 000 allocations, the capture's ledger at that snapshot's event,
 *       which is the same list);</li>
 *   <li>{@link #writeAllocationsAt}: {@code allocations-at-Nms.csv}, the allocations live N ms after the capture's
 *       start ({@link CaptureReader#stateAt(int, Instant)}).</li>
 * </ul>
 * With more than one core in the capture every name gets a {@code core-C-} prefix (snapshot ids are per core).
 *
 * <p>Stateless; thread-safe. Each file is written atomically. Cost: O(rows) per file, plus a ledger replay of at most
 * one checkpoint interval for a snapshot without its list and for {@code --at}.
 */
public final class CaptureCsv {
    /**
     * One file written.
     *
     * @param path where
     * @param rows data rows (header not counted)
     * @param what what it holds, in words
     */
    public record Written(Path path, long rows, String what) {
    }

    private CaptureCsv() {
    }

    /** Writes every snapshot of {@code capture} into {@code folder} (which must exist); returns the files. */
    public static List<Written> writeSnapshots(CaptureReader capture, Path folder) {
        List<Written> out = new ArrayList<>();
        List<CoreInfo> cores = capture.cores();
        for (CoreInfo core : cores) {
            String prefix = cores.size() > 1 ? "core-" + core.coreId() + "-" : "";
            List<SnapshotTaken> taken = new ArrayList<>();
            for (MemoryEvent e : capture.events(core.coreId())) {
                if (e instanceof SnapshotTaken s) {
                    taken.add(s);
                }
            }
            if (taken.isEmpty() && cores.size() > 1) {
                continue;
            }
            List<MemorySnapshot> snapshots = taken.stream().map(SnapshotTaken::snapshot).toList();
            Path file = folder.resolve(prefix + "snapshots.csv");
            CsvExport.writeSnapshots(snapshots, file);
            out.add(new Written(file, snapshots.size(), "snapshots"));
            out.add(new Written(CsvExport.tagsFileFor(file),
                    snapshots.stream().mapToLong(s -> s.tags().size()).sum(), "snapshot tags"));
            for (SnapshotTaken s : taken) {
                MemorySnapshot snapshot = s.snapshot();
                List<AllocationInfo> allocations = snapshot.allocations().size() == snapshot.stats().allocationCount()
                        ? snapshot.allocations()
                        : capture.stateAtSequence(core.coreId(), s.sequence()).allocations();
                Path list = folder.resolve(prefix + "snapshot-" + snapshot.id() + "-allocations.csv");
                CsvExport.writeAllocations(allocations, list);
                out.add(new Written(list, allocations.size(), "allocations at snapshot " + snapshot.id() + " ("
                        + snapshot.description() + ")"));
            }
        }
        return out;
    }

    /** Writes the allocations live at {@code at} into {@code folder}, one file per core; returns the files. */
    public static List<Written> writeAllocationsAt(CaptureReader capture, Path folder, Instant at) {
        List<Written> out = new ArrayList<>();
        List<CoreInfo> cores = capture.cores();
        long offset = Duration.between(capture.start(), at).toMillis();
        for (CoreInfo core : cores) {
            String prefix = cores.size() > 1 ? "core-" + core.coreId() + "-" : "";
            List<AllocationInfo> allocations = capture.stateAt(core.coreId(), at).allocations();
            Path file = folder.resolve(prefix + "allocations-at-" + offset + "ms.csv");
            CsvExport.writeAllocations(allocations, file);
            out.add(new Written(file, allocations.size(), "allocations live at " + at + " (" + offset
                    + " ms after the capture's start)"));
        }
        return out;
    }

    /**
     * Writes {@code file} with the call sites of the allocations live at {@code at}, every core
     * ({@link CsvExport#writeCallSites}); returns it.
     */
    public static Written writeCallSitesAt(CaptureReader capture, Path file, Instant at) {
        Map<Integer, CallSites> byCore = new TreeMap<>();
        long rows = 0;
        for (CoreInfo core : capture.cores()) {
            CallSites sites = capture.callSitesAt(core.coreId(), at);
            byCore.put(core.coreId(), sites);
            rows += sites.paths().size();
        }
        CsvExport.writeCallSites(byCore, file);
        long offset = Duration.between(capture.start(), at).toMillis();
        return new Written(file, rows, "call sites of the allocations live at " + at + " (" + offset
                + " ms after the capture's start)");
    }
}
