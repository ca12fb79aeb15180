package io.memscope.export.capture;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.memscope.export.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes a capture as Chrome trace-event JSON (the "JSON Array/Object Format" of the Trace Event Format), which
 * <a href="https://ui.perfetto.dev">ui.perfetto.dev</a>, {@code chrome://tracing} and Tracy's {@code import-chrome}
 * open without custom code. What is in it (details in {@code docs/captures.md}, "Export"):
 * <ul>
 *   <li>one process per core ({@code pid} = the core's id, named "memscope core N: DEVICE");</li>
 *   <li>counters ({@code "ph":"C"}) from the captured samples: per heap and for the device {@code used_bytes},
 *       {@code block_bytes} (from {@code memscope.Stats}) and {@code budget_bytes}, {@code budget_usage_bytes} (from
 *       {@code memscope.Budget}); per tag {@code used_bytes}, {@code requested_bytes}; {@code fragmentation} in
 *       <b>percent</b> (F2 × 100, device and per heap);</li>
 *   <li>every allocation once, as a complete event ({@code "ph":"X"}) from its creation to its free on a lane of its tag
 *       (lanes are threads, packed so non-overlapping lifetimes share one; as few lanes as possible), with id, tag,
 *       sizes, memory type, heap, block ({@code VkDeviceMemory}, hex) and offset in {@code args}; allocations still
 *       live at the end are closed at the capture's end with {@code args.live_at_end: true}, those live before it
 *       start at its start with {@code args.live_at_start: true};</li>
 *   <li>defragmentation runs and their passes as slices on a "defragmentation" lane; snapshots, threshold crossings,
 *       moves and losses as instant events; every loss ({@link LossReport}) as an instant named
 *       {@code "memscope: events lost"}.</li>
 * </ul>
 *
 * <p><b>Time.</b> {@code ts} and {@code dur} are microseconds with three decimals (nanosecond resolution, written
 * exactly) since the file set's origin: the capture's start, or its earliest event if that is earlier. The origin as
 * an ISO instant is in {@code otherData.time_origin} of every file.
 *
 * <p><b>Files.</b> Written with a streaming generator (Jackson's {@code JsonGenerator}) to files of at most
 * {@code maxFileBytes} each: {@code OUT.json}, then {@code OUT-2.json}, {@code OUT-3.json}, … Each file is a
 * complete trace on its own (every file ends with the naming events of the lanes so far) holding a stretch of the
 * capture: counters and instants by their time, allocations by their end; together they hold every event once. A file holds at least one event even if that alone is larger than the limit. Each file is
 * written atomically ({@link AtomicFiles}); a failure part-way leaves the parts already written. Parts of an earlier
 * export beyond the new count ({@code OUT-N.json} following the last one written) are deleted, so the set on disk
 * is always one export's.
 *
 * <p>Stateless; thread-safe (the capture is immutable). Cost: O(events) time; memory O(allocations live at one moment)
 * on top of the open capture, whatever its length ({@link TraceModel} streams); about 300 bytes of JSON per
 * allocation.
 */
public final class PerfettoExport {
    /** The default largest file: 256 MiB, under what ui.perfetto.dev and browsers load comfortably. */
    public static final long DEFAULT_MAX_FILE_BYTES = 256L << 20;

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final byte[] OPEN = "{\"traceEvents\":[\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SEPARATOR = ",\n".getBytes(StandardCharsets.UTF_8);

    /**
     * One file written.
     *
     * @param path where
     * @param bytes its size
     * @param traceEvents trace events in it, naming metadata included
     * @param allocations allocation lifetimes ({@code "ph":"X"} events of category {@code allocation}) in it
     */
    public record WrittenFile(Path path, long bytes, int traceEvents, int allocations) {
    }

    /**
     * What an export wrote.
     *
     * @param files the files, in order
     * @param allocations allocation lifetimes written, over all files
     * @param nanos how long the export took (building and writing)
     */
    public record Result(List<WrittenFile> files, long allocations, long nanos) {
        public Result {
            files = List.copyOf(files);
        }
    }

    private PerfettoExport() {
    }

    /** {@link #write(CaptureReader, Path, long)} with {@link #DEFAULT_MAX_FILE_BYTES}. */
    public static Result write(CaptureReader capture, Path out) {
        return write(capture, out, DEFAULT_MAX_FILE_BYTES);
    }

    /**
     * Writes {@code capture} to {@code out} and, past {@code maxFileBytes}, to further parts ({@link #part}).
     *
     * @throws IllegalArgumentException if {@code maxFileBytes} is less than 1024
     * @throws UncheckedIOException if a file cannot be written (its folder must exist)
     */
    public static Result write(CaptureReader capture, Path out, long maxFileBytes) {
        if (maxFileBytes < 1024) {
            throw new IllegalArgumentException("a trace file of at most " + maxFileBytes + " bytes is too small; 1024 at least");
        }
        long began = System.nanoTime();
        TraceModel model = new TraceModel(capture);
        Events events = new Events(model, capture);
        List<WrittenFile> files = new ArrayList<>();
        long allocations = 0;
        do {
            int number = files.size() + 1;
            Path target = part(out, number);
            int[] counts = new int[2];
            long[] size = new long[1];
            AtomicFiles.write(target, stream -> {
                size[0] = events.writeFile(stream, number, maxFileBytes, counts);
            });
            files.add(new WrittenFile(target.toAbsolutePath(), size[0], counts[0], counts[1]));
            allocations += counts[1];
        } while (events.more());
        deleteStaleParts(out, files.size() + 1);
        return new Result(files, allocations, System.nanoTime() - began);
    }

    /** The path of part {@code number} (1, 2, …) of an export to {@code out}: {@code out} itself, then {@code OUT-2.json}, … */
    public static Path part(Path out, int number) {
        if (number == 1) {
            return out;
        }
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        return out.resolveSibling(stem + "-" + number + extension);
    }

    private static void deleteStaleParts(Path out, int from) {
        for (int n = from; Files.isRegularFile(part(out, n)); n++) {
            try {
                Files.delete(part(out, n));
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete " + part(out, n) + ", a part of an earlier export", e);
            }
        }
    }

    /** A byte buffer for one serialised event at a time. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(8192);
        }
    }

    /** The model's events serialised one at a time, each into a buffer, so a file's size is known before it grows. */
    private static final class Events {
        private final TraceModel model;
        private final Buffer buffer = new Buffer();
        private final JsonGenerator g;
        private final String capturePath;
        private byte @Nullable [] pending;
        private boolean pendingIsAllocation;
        private boolean done;
        /** The naming events serialised, and how many of {@code model.metadata} they hold. */
        private byte[] namingBytes = new byte[0];
        private int namingCount = -1;

        Events(TraceModel model, CaptureReader capture) {
            this.model = model;
            this.capturePath = capture.files().size() == 1 ? capture.files().get(0).toString()
                    : capture.files().get(0).getParent() + " (" + capture.files().size() + " chunk files)";
            try {
                this.g = JSON.createGenerator(buffer, JsonEncoding.UTF8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            g.setRootValueSeparator(null);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        }

        boolean hasMore() throws IOException {
            if (pending == null && !done) {
                TraceModel.Item item = model.next();
                if (item == null) {
                    done = true;
                } else {
                    buffer.reset();
                    item.write(g, model.origin);
                    g.flush();
                    pending = buffer.toByteArray();
                    pendingIsAllocation = item.allocationId() >= 0;
                }
            }
            return pending != null;
        }

        boolean more() {
            try {
                return hasMore();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The naming events so far, each preceded by a separator. */
        private byte[] naming() throws IOException {
            if (namingCount != model.metadata.size()) {
                buffer.reset();
                for (TraceModel.Meta meta : model.metadata) {
                    buffer.write(SEPARATOR);
                    meta.write(g);
                    g.flush();
                }
                namingBytes = buffer.toByteArray();
                namingCount = model.metadata.size();
            }
            return namingBytes;
        }

        private byte[] footer(int number) throws IOException {
            buffer.reset();
            g.writeStartObject();
            g.writeStringField("displayTimeUnit", "ms");
            g.writeObjectFieldStart("otherData");
            g.writeStringField("generator", "memscope");
            g.writeStringField("capture", capturePath);
            g.writeStringField("time_origin", instant(model.origin).toString());
            g.writeStringField("time_unit", "microseconds since time_origin");
            g.writeStringField("fragmentation_unit", "percent");
            g.writeNumberField("part", number);
            g.writeStringField("counters", model.countersRebuilt
                    ? "some cores have no samples: their used_bytes counters are rebuilt from the allocations"
                    : "sampled by memscope's sampler");
            g.writeEndObject();
            g.writeEndObject();
            g.flush();
            String object = buffer.toString(StandardCharsets.UTF_8);
            return ("\n]," + object.substring(1)).getBytes(StandardCharsets.UTF_8); // "],"displayTimeUnit":…}"
        }

        /**
         * Writes one whole file: trace events while they fit in {@code limit} with the naming events (at least one),
         * then the naming events of every lane made so far, then the footer. Returns its size. {@code counts}: trace
         * events, allocations.
         */
        long writeFile(OutputStream out, int number, long limit, int[] counts) throws IOException {
            byte[] footer = footer(number);
            out.write(OPEN);
            long size = OPEN.length + footer.length;
            int events = 0;
            byte[] naming = naming(); // what this file names: the lanes made up to its last event
            int named = namingCount;
            while (hasMore()) {
                byte[] bytes = java.util.Objects.requireNonNull(pending);
                long grown = (events == 0 ? 0 : SEPARATOR.length) + bytes.length;
                byte[] names = naming();
                if (events > 0 && size + grown + names.length > limit) {
                    break;
                }
                naming = names;
                named = namingCount;
                pending = null;
                if (events > 0) {
                    out.write(SEPARATOR);
                }
                out.write(bytes);
                size += grown;
                events++;
                counts[0]++;
                counts[1] += pendingIsAllocation ? 1 : 0;
            }
            if (events == 0 && naming.length > 0) { // no trace event: the naming events alone, no leading separator
                out.write(naming, SEPARATOR.length, naming.length - SEPARATOR.length);
                size += naming.length - SEPARATOR.length;
            } else if (events > 0) {
                out.write(naming);
                size += naming.length;
            }
            counts[0] += named;
            out.write(footer);
            return size;
        }
    }

    private static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }
}
