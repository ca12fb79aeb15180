package io.memscope.samples.cli;

import io.memscope.core.MemoryMap;
import io.memscope.export.MemoryMapPng;
import io.memscope.export.capture.CaptureCsv;
import io.memscope.export.capture.CaptureMonitor;
import io.memscope.export.capture.CaptureReader;
import io.memscope.export.capture.PerfettoExport;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code memscope export}: a capture (a {@code .jfr} file or a Flight Recorder repository folder) to Chrome trace JSON
 * for ui.perfetto.dev / Tracy ({@code --perfetto}) and to the CSV files of docs/csv.md ({@code --csv}). Prints one
 * line per file written. Exit codes: 0 written, 1 a failure while writing, 2 bad usage (a missing or unreadable
 * capture, an output that cannot be written, a bad {@code --at}; checked before anything is read or written).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a capture (FILE.jfr or a JFR repository folder) as Chrome trace JSON for "
                + "ui.perfetto.dev and Tracy, and/or as CSV files (docs/captures.md, Export).")
final class ExportCommand implements Callable<Integer> {
    @Spec
    @Nullable CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CAPTURE", converter = CaptureInput.class,
            description = "The capture: a .jfr file, or a Flight Recorder repository folder.")
    @Nullable Path capture;

    @Option(names = "--perfetto", paramLabel = "OUT.json", converter = OutputPaths.WritableFile.class,
            description = "Write Chrome trace JSON here (and OUT-2.json, ... past --max-file-size).")
    @Nullable Path perfetto;

    @Option(names = "--max-file-size", paramLabel = "SIZE", converter = ByteSize.class,
            description = "The largest trace file, e.g. 64MiB (default: 256MiB); larger exports are split.")
    @Nullable Long maxFileSize;

    @Option(names = "--csv", paramLabel = "DIR", converter = OutputPaths.WritableFolder.class,
            description = "Write snapshots.csv, snapshot_tags.csv and snapshot-ID-allocations.csv into this folder "
                    + "(created if missing).")
    @Nullable Path csv;

    @Option(names = "--call-sites", paramLabel = "OUT.csv", converter = OutputPaths.WritableFile.class,
            description = "Write who allocated what was live (at --at, default the capture's end): one row per call "
                    + "stack with bytes and count (captures recorded with --call-stacks).")
    @Nullable Path callSites;

    @Option(names = "--memory-map", paramLabel = "OUT.png", converter = OutputPaths.WritablePng.class,
            description = "Write the memory map at --at (default: the capture's end) as a PNG: every block with its "
                    + "allocations coloured by tag, in the blocks the capture recorded (a block it did not record is drawn "
                    + "from its allocations, its size a lower bound).")
    @Nullable Path memoryMap;

    @Option(names = "--at", paramLabel = "TIME", converter = MomentValue.class,
            description = "With --csv: also the allocations live at TIME; with --call-sites: their call sites at "
                    + "TIME; with --memory-map: the map at TIME. Seconds after the capture's start (12.5) or an ISO instant (2026-11-24T09:41:07.123Z).")
    @Nullable Moment at;

    /** A moment given as seconds after the capture's start or as an instant. */
    record Moment(@Nullable BigDecimal seconds, @Nullable Instant instant) {
        Instant in(CaptureReader reader) {
            Instant i = instant;
            if (i != null) {
                return i;
            }
            BigDecimal nanos = Objects.requireNonNull(seconds).movePointRight(9);
            return reader.start().plusNanos(nanos.longValue());
        }
    }

    /** picocli converter for {@link Moment}: a decimal number of seconds ({@code 12.5}, {@code 0}) or an ISO instant. */
    static final class MomentValue implements ITypeConverter<Moment> {
        @Override
        public Moment convert(String value) {
            String v = value.strip();
            if (v.matches("[0-9]{1,9}(\\.[0-9]{1,9})?")) {
                return new Moment(new BigDecimal(v), null);
            }
            try {
                return new Moment(null, Instant.parse(v));
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is neither seconds after the capture's start "
                        + "(such as 12.5) nor an ISO instant (such as 2026-11-24T09:41:07.123Z)");
            }
        }
    }

    @Override
    public Integer call() {
        CommandSpec s = Objects.requireNonNull(spec);
        if (perfetto == null && csv == null && callSites == null && memoryMap == null) {
            throw new ParameterException(s.commandLine(), "nothing to do: give --perfetto OUT.json, --csv DIR, "
                    + "--call-sites OUT.csv and/or --memory-map OUT.png");
        }
        if (at != null && csv == null && callSites == null && memoryMap == null) {
            throw new ParameterException(s.commandLine(), "--at needs --csv DIR, --call-sites OUT.csv or --memory-map "
                    + "OUT.png");
        }
        if (maxFileSize != null && perfetto == null) {
            throw new ParameterException(s.commandLine(), "--max-file-size needs --perfetto OUT.json");
        }
        Path input = Objects.requireNonNull(capture);
        List<Path> traceParts = new ArrayList<>();
        Path trace = perfetto;
        for (int part = 1; trace != null && part <= 64; part++) { // 64 parts: a 16 GiB export of 256 MiB parts
            traceParts.add(PerfettoExport.part(trace, part));
        }
        new OutputCollisions().input("the capture", input).files("--perfetto", traceParts)
                .file("--call-sites", callSites).file("--memory-map", memoryMap).folder("--csv", csv).check(s);
        CaptureReader reader = CaptureInput.open(s, input);
        int coreId = CaptureInput.core(s, reader, input, null); // refuses a recording without memscope's events
        Moment moment = at;
        if (moment != null) {
            requireInside(s, reader, moment.in(reader));
        }
        System.out.println("memscope export: " + capture + ": " + reader.summary());
        if (trace != null) {
            PerfettoExport.Result result = PerfettoExport.write(reader, trace,
                    maxFileSize != null ? maxFileSize : PerfettoExport.DEFAULT_MAX_FILE_BYTES);
            for (PerfettoExport.WrittenFile f : result.files()) {
                System.out.println("wrote " + f.path() + " (" + mib(f.bytes()) + ", " + f.traceEvents()
                        + " trace events, " + f.allocations() + " allocations)");
            }
        }
        Path folder = csv;
        if (folder != null) {
            try {
                Files.createDirectories(folder);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot create " + folder, e);
            }
            List<CaptureCsv.Written> written = new ArrayList<>(CaptureCsv.writeSnapshots(reader, folder));
            if (moment != null) {
                written.addAll(CaptureCsv.writeAllocationsAt(reader, folder, moment.in(reader)));
            }
            for (CaptureCsv.Written w : written) {
                System.out.println("wrote " + w.path() + " (" + w.rows() + " rows: " + w.what() + ")");
            }
            if (written.isEmpty()) {
                System.out.println("memscope export: the capture holds no snapshots; no CSV written");
            }
        }
        Path sites = callSites;
        if (sites != null) {
            CaptureCsv.Written w = CaptureCsv.writeCallSitesAt(reader, sites,
                    moment != null ? moment.in(reader) : reader.end());
            System.out.println("wrote " + w.path() + " (" + w.rows() + " rows: " + w.what() + ")");
            if (reader.allocationStacks().eventCount() == 0) {
                System.out.println("memscope export: the capture has no call stacks (record it with --call-stacks); "
                        + "every allocation is in the row \"(no stack recorded)\"");
            }
        }
        Path map = memoryMap;
        if (map != null) {
            try (CaptureMonitor monitor = new CaptureMonitor(reader, coreId, input)) {
                monitor.moveTo(moment != null ? moment.in(reader) : reader.end());
                MemoryMap placements = new MemoryMap(monitor.moment().toEpochMilli(), monitor.getMemoryMap().blocks());
                MemoryMapPng.write(placements, map);
                System.out.println("wrote " + map + " (memory map: " + placements.blocks().size() + " blocks, "
                        + placements.allocationCount() + " allocations)");
            }
        }
        if (!reader.losses().isEmpty()) {
            System.out.println("memscope export: the capture lost events (" + reader.losses().missingEvents() + ")"
                    + (trace != null ? "; they are marked \"memscope: events lost\" in the trace" : ""));
        }
        return 0;
    }

    /** A usage error when {@code t} (an {@code --at}) lies outside the capture; the message gives its span. */
    static void requireInside(CommandSpec s, CaptureReader reader, Instant t) {
        if (t.isBefore(reader.start()) || t.isAfter(reader.end())) {
            long millis = java.time.Duration.between(reader.start(), reader.end()).toMillis(); // rounded down
            throw new ParameterException(s.commandLine(), "--at " + t + " is outside the capture: it runs from "
                    + reader.start() + " to " + reader.end() + " (0 to " + millis / 1000 + "."
                    + String.format(Locale.ROOT, "%03d", millis % 1000) + " s)");
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
