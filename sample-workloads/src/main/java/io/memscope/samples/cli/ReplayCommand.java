package io.memscope.samples.cli;

import io.memscope.core.AllocationStrategy;
import io.memscope.core.VulkanContext;
import io.memscope.export.Formats;
import io.memscope.export.capture.CaptureReader;
import io.memscope.export.capture.Replay;
import io.memscope.export.capture.ReplayFigures;
import io.memscope.export.capture.ReplayOptions;
import io.memscope.export.capture.ReplayResult;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code memscope replay}: re-runs a capture's allocations and frees against a real VMA on this machine, with another
 * strategy, block size or heap limit if asked, and prints the capture's figures beside the replay's
 * ({@link Replay}; docs/captures.md#replay). Exit codes: 0 replayed (failed allocations are a result, not an error),
 * 1 a failure, 2 bad usage (no such file, not a capture, no such core, a bad strategy or size, no such device).
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a capture's allocation sequence against a real VMA here, with other settings if asked, "
                + "and compare peak block and used bytes, fragmentation, blocks and failed allocations "
                + "(docs/captures.md).")
final class ReplayCommand implements Callable<Integer> {
    @Spec
    @Nullable CommandSpec spec;

    @Mixin
    DeviceOption device = new DeviceOption();

    @Parameters(index = "0", paramLabel = "FILE.jfr", converter = CaptureInput.class,
            description = "The capture: a .jfr file, or a Flight Recorder repository folder.")
    @Nullable Path file;

    @Option(names = "--strategy", paramLabel = "default|speed|memory", converter = StrategyName.class,
            description = "Allocation strategy of the replay (default: default; the capture does not record one).")
    @Nullable AllocationStrategy strategy;

    @Option(names = "--block-size", paramLabel = "SIZE", converter = ByteSize.class,
            description = "VMA's preferred block size for large heaps, e.g. 128MiB (default: VMA's, 256MiB).")
    @Nullable Long blockSize;

    @Option(names = "--heap-limit", paramLabel = "SIZE", converter = ByteSize.class,
            description = "Limit every heap to SIZE, e.g. 512MiB: a smaller GPU (default: the captured core's limit).")
    @Nullable Long heapLimit;

    @Option(names = "--core", paramLabel = "ID", converter = PositiveInt.class,
            description = "The captured core to replay (default: the first).")
    @Nullable Integer core;

    @Override
    public Integer call() {
        CommandSpec command = Objects.requireNonNull(spec);
        Path path = Objects.requireNonNull(file);
        CaptureReader capture = CaptureInput.open(command, path);
        int coreId = CaptureInput.core(command, capture, path, core);
        ReplayOptions options = ReplayOptions.defaults();
        if (strategy != null) {
            options = options.withStrategy(strategy);
        }
        if (blockSize != null) {
            options = options.withPreferredLargeHeapBlockSize(blockSize);
        }
        if (heapLimit != null) {
            options = options.withHeapSizeLimit(heapLimit);
        }
        ReplayResult result;
        try (VulkanContext context = device.open()) { // a device that is not there: a usage error, nothing printed
            System.out.println("memscope replay: " + path.toAbsolutePath() + " (" + capture.summary() + ")");
            result = Replay.run(capture, coreId, options, context);
        }
        System.out.print(table(result, capture.cores().size()));
        return 0;
    }

    /** The side-by-side table, the notes and the speed, as printed. */
    static String table(ReplayResult r, int cores) {
        StringBuilder out = new StringBuilder();
        ReplayOptions o = r.options();
        out.append(String.format(Locale.ROOT, "core %d of %d, captured on %s; replayed on %s: strategy %s, blocks %s,"
                        + " heap limit %s%n", r.coreId(), cores, r.capturedDevice(), r.replayDevice(),
                o.strategy().name().toLowerCase(Locale.ROOT),
                o.preferredLargeHeapBlockSize() == 0 ? "VMA's default" : Formats.bytes(o.preferredLargeHeapBlockSize()),
                o.heapSizeLimitBytes() == 0 ? "none" : Formats.bytes(o.heapSizeLimitBytes())));
        out.append(String.format(Locale.ROOT, "replayed %d allocation(s) live at the start, then %d allocation(s) and"
                        + " %d free(s), as buffers of their allocated size (usage STORAGE|TRANSFER_SRC|TRANSFER_DST, "
                        + "no data); %d image(s) approximated; %d defragmentation run(s) replayed: capture moved %s in"
                        + " %d move(s), replay %s in %d%n%n", r.initialAllocations(), r.allocations(), r.frees(),
                r.imagesAsBuffers(), r.defragmentation().runsReplayed(),
                Formats.bytes(r.defragmentation().capturedBytesMoved()), r.defragmentation().capturedMoves(),
                Formats.bytes(r.defragmentation().replayBytesMoved()), r.defragmentation().replayMoves()));
        ReplayFigures c = r.capture();
        ReplayFigures s = r.replayAtSamples();
        ReplayFigures a = r.replay();
        out.append(String.format(Locale.ROOT, "%-22s %-22s %-22s %-22s%n", "", "capture", "replay at its samples",
                "replay, every step"));
        row(out, "peak block bytes", c, s, a, f -> bytes(f.peakBlockBytes()));
        row(out, "peak used bytes", c, s, a, f -> bytes(f.peakUsedBytes()));
        row(out, "final used bytes", c, s, a, f -> bytes(f.finalUsedBytes()));
        row(out, "peak fragmentation", c, s, a, f -> percent(f.peakFragmentation()));
        row(out, "final fragmentation", c, s, a, f -> percent(f.finalFragmentation()));
        row(out, "peak blocks", c, s, a, f -> count(f.peakBlockCount()));
        row(out, "final blocks", c, s, a, f -> count(f.finalBlockCount()));
        row(out, "failed allocations", c, s, a, f -> f.failedAllocations() < 0 ? "not recorded"
                : Long.toString(f.failedAllocations()));
        row(out, "measured at (points)", c, s, a, f -> Long.toString(f.measurements()));
        TreeSet<String> tags = new TreeSet<>(c.peakUsedBytesByTag().keySet());
        tags.addAll(a.peakUsedBytesByTag().keySet());
        for (String tag : tags) {
            row(out, "peak used: " + tag, c, s, a, f -> bytes(f.peakUsedBytesByTag().getOrDefault(tag, 0L)));
        }
        out.append(System.lineSeparator());
        out.append("capture: used bytes after every event (its ledger), block figures at its samples (StatsSampled)")
                .append(System.lineSeparator());
        r.notes().forEach(n -> out.append("note: ").append(n).append(System.lineSeparator()));
        long operations = r.initialAllocations() + r.allocations() + r.frees();
        out.append(String.format(Locale.ROOT, "speed: %d allocations and frees in %.1f ms = %,.0f per second "
                        + "(the calls alone: %,.0f per second)%n", operations, r.replayNanos() / 1e6,
                r.operationsPerSecond(), r.callsPerSecond()));
        return out.toString();
    }

    private static void row(StringBuilder out, String label, ReplayFigures c, ReplayFigures s, ReplayFigures a,
                            Function<ReplayFigures, String> cell) {
        out.append(String.format(Locale.ROOT, "%-22s %-22s %-22s %-22s%n", label, cell.apply(c), cell.apply(s),
                cell.apply(a)));
    }

    private static String bytes(long value) {
        return value < 0 ? "not sampled" : Formats.bytes(value) + (value >= 1024 ? " (" + value + ")" : "");
    }

    private static String percent(double value) {
        return Double.isNaN(value) ? "not sampled" : String.format(Locale.ROOT, "%.2f %%", value * 100);
    }

    private static String count(long value) {
        return value < 0 ? "not sampled" : Long.toString(value);
    }

    /** {@code default}, {@code speed} or {@code memory}, any case (also the enum's names). */
    static final class StrategyName implements ITypeConverter<AllocationStrategy> {
        @Override
        public AllocationStrategy convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "default" -> AllocationStrategy.DEFAULT;
                case "speed", "speed_optimized" -> AllocationStrategy.SPEED_OPTIMIZED;
                case "memory", "memory_optimized" -> AllocationStrategy.MEMORY_OPTIMIZED;
                default -> throw new TypeConversionException("'" + value
                        + "' is not a strategy: default, speed or memory");
            };
        }
    }
}
