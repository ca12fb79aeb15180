package io.memscope.export.capture;

import io.memscope.core.event.MemoryEvent;
import io.memscope.core.management.AllocationStacks;
import io.memscope.core.management.JfrEventDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.jspecify.annotations.Nullable;

/**
 * Reads a capture's Flight Recorder chunks on a few threads — parsing and decoding, the bulk of opening a capture —
 * and hands them over in file order, so what is built from them is as if read by one thread. A {@code .jfr} file
 * of several chunks is cut at its chunk headers (each chunk is parsed from a temporary copy of its bytes, deleted
 * right after); a repository's chunk files are parsed as they are. At most {@link #threads} chunks are parsed or
 * waiting at a time, so the memory in flight is a few chunks' decoded events. Not thread-safe: one caller takes the
 * chunks.
 */
final class ChunkReader implements AutoCloseable {
    /** JFR's chunk magic, "FLR\0". */
    private static final int MAGIC = 0x464c5200;
    private static final int HEADER_BYTES = 68;

    /** What one chunk held, in file order. */
    sealed interface Item {
    }

    record DataLoss(long bytes) implements Item {
    }

    record Layout(JfrEventDecoder.CoreLayout layout) implements Item {
    }

    record State(JfrEventDecoder.LiveStatePart part) implements Item {
    }

    /** Memory events of one core: a batch of allocation records, or one event. */
    record Events(int core, List<MemoryEvent> events) implements Item {
    }

    record Site(RecordedEvent event) implements Item {
    }

    /** A chunk read: its items, its Flight Recorder event count and time span, and why it ended early, if it did. */
    record Chunk(String source, List<Item> items, long count, @Nullable Instant first, @Nullable Instant last,
                 @Nullable String error) {
    }

    /** A stretch of a file holding one chunk (or the whole file, when it is not cut). */
    private record Piece(Path file, long offset, long length, boolean whole, String source) {
    }

    private final int threads;
    private final ExecutorService pool;
    private final Deque<Piece> waiting;
    private final Deque<Future<Chunk>> running = new ArrayDeque<>();

    ChunkReader(List<Path> files) {
        this.threads = Math.max(1, Math.min(3, Runtime.getRuntime().availableProcessors()));
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "memscope-capture-reader");
            t.setDaemon(true);
            return t;
        });
        this.waiting = new ArrayDeque<>(pieces(files));
    }

    /** The next chunk in file order, or null after the last. */
    @Nullable Chunk next() {
        while (running.size() < threads && !waiting.isEmpty()) {
            Piece piece = waiting.poll();
            running.add(pool.submit(() -> parse(piece)));
        }
        Future<Chunk> head = running.poll();
        if (head == null) {
            return null;
        }
        try {
            return head.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a capture", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw error; // out of memory, most likely: the caller reports it
            }
            throw new IllegalStateException("reading a capture failed: " + cause, cause);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** The pieces to parse: each file, cut at its chunk headers when it holds several whole chunks. */
    private static List<Piece> pieces(List<Path> files) {
        List<Piece> pieces = new ArrayList<>();
        for (Path file : files) {
            long size;
            try {
                size = Files.size(file);
            } catch (IOException e) {
                pieces.add(new Piece(file, 0, 0, true, file.toString()));
                continue;
            }
            List<long[]> chunks = chunksOf(file, size);
            if (chunks.size() <= 1) {
                pieces.add(new Piece(file, 0, size, true, file.toString()));
            } else {
                for (int i = 0; i < chunks.size(); i++) {
                    pieces.add(new Piece(file, chunks.get(i)[0], chunks.get(i)[1], false,
                            file + " (chunk " + (i + 1) + " of " + chunks.size() + ")"));
                }
            }
        }
        return pieces;
    }

    /**
     * The chunks of {@code file} as (offset, length): read from each chunk header's size; a chunk whose size is not
     * written yet (a recording still running or killed) or does not fit takes the rest of the file. A file that does
     * not start with a chunk header is one piece, for the parser to judge.
     */
    private static List<long[]> chunksOf(Path file, long size) {
        List<long[]> chunks = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(16);
            long offset = 0;
            while (offset < size) {
                header.clear();
                int read = channel.read(header, offset);
                if (read < 16 || header.getInt(0) != MAGIC) {
                    if (offset > 0) {
                        chunks.add(new long[] {offset, size - offset});
                    }
                    break;
                }
                long length = header.getLong(8);
                if (length < HEADER_BYTES || offset + length > size) {
                    chunks.add(new long[] {offset, size - offset});
                    break;
                }
                chunks.add(new long[] {offset, length});
                offset += length;
            }
        } catch (IOException e) {
            chunks.clear(); // the parser will say what is wrong with it
        }
        return chunks;
    }

    private static Chunk parse(Piece piece) {
        Path file = piece.file();
        Path copy = null;
        try {
            if (!piece.whole()) {
                copy = Files.createTempFile("memscope-chunk-", ".jfr");
                try (FileChannel in = FileChannel.open(piece.file(), StandardOpenOption.READ);
                     FileChannel out = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                    long done = 0;
                    while (done < piece.length()) {
                        long n = in.transferTo(piece.offset() + done, piece.length() - done, out);
                        if (n <= 0) {
                            break;
                        }
                        done += n;
                    }
                }
                file = copy;
            }
            return read(file, piece.source());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (copy != null) {
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException e) {
                    // a temporary file left behind; nothing to do about it here
                }
            }
        }
    }

    private static Chunk read(Path file, String source) {
        List<Item> items = new ArrayList<>();
        long count = 0;
        Instant first = null;
        Instant last = null;
        String error = null;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                count++;
                Instant s = event.getStartTime();
                Instant e = event.getEndTime();
                first = first == null || s.isBefore(first) ? s : first;
                last = last == null || e.isAfter(last) ? e : last;
                String name = event.getEventType().getName();
                if (name.equals("jdk.DataLoss")) {
                    items.add(new DataLoss(event.getLong("amount")));
                } else if (name.equals(JfrEventDecoder.DEVICE_LAYOUT)) {
                    items.add(new Layout(JfrEventDecoder.decodeLayout(event)));
                } else if (name.equals(JfrEventDecoder.LIVE_STATE)) {
                    items.add(new State(JfrEventDecoder.decodeStatePart(event)));
                } else if (JfrEventDecoder.isAllocationRecords(event)) {
                    items.add(new Events(JfrEventDecoder.coreOf(event), JfrEventDecoder.decodeRecords(event)));
                } else if (AllocationStacks.isAllocationSite(event)) {
                    items.add(new Site(event));
                } else if (JfrEventDecoder.isMemscopeEvent(event)) {
                    items.add(new Events(JfrEventDecoder.coreOf(event), List.of(JfrEventDecoder.decode(event))));
                }
            }
        } catch (IOException | RuntimeException e) {
            error = source + ": " + e;
        }
        return new Chunk(source, items, count, first, last, error);
    }
}
