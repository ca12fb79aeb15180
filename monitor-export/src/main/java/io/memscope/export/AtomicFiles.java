package io.memscope.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file all or nothing: the content goes to a temporary file in the target's directory
 * ({@code .NAME.RANDOM.tmp}), is forced to disk, and is then moved over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE} (with {@link StandardCopyOption#REPLACE_EXISTING} where the file
 * system cannot move atomically). Readers, and a process killed while writing, therefore see either the
 * previous file or the complete new one, never a cut one. If the content callback or the file system fails,
 * the temporary file is deleted, an existing target is left as it was, and an {@link UncheckedIOException}
 * naming the target is thrown (a {@link RuntimeException} from the callback is rethrown as it is).
 *
 * <p>Text is written as UTF-8; characters UTF-8 cannot encode (unpaired surrogates) become U+FFFD
 * (REPLACEMENT CHARACTER) instead of failing the write.
 *
 * <p>Limits: the target's directory must exist; a symbolic link at the target is replaced, not followed; the
 * new file gets the default permissions of a new file, not the old file's; a process killed mid-write (kill -9)
 * leaves its temporary file behind, since nothing runs after the kill; the directory is not synced after the
 * rename, so a power cut right after it may bring back the previous file (whole).
 *
 * <p>Stateless; thread-safe. Two writers of one target at once each write their own temporary file; the last
 * move wins and the target is always one of them, whole. Cost: the content's I/O plus one {@code fsync}.
 */
public final class AtomicFiles {
    /** UTF-8 of U+FFFD, what an unencodable character becomes. */
    private static final byte[] REPLACEMENT = "\uFFFD".getBytes(StandardCharsets.UTF_8);

    private AtomicFiles() {
    }

    /** Writes {@code text} as UTF-8 (unpaired surrogates become U+FFFD). */
    public static void writeString(Path target, String text) {
        writeText(target, out -> out.write(text));
    }

    /** Writes what {@code content} writes, as UTF-8 (unpaired surrogates become U+FFFD). */
    public static void writeText(Path target, TextContent content) {
        write(target, out -> {
            Writer writer = new OutputStreamWriter(out, utf8Replacing());
            content.writeTo(writer);
            writer.flush();
        });
    }

    /** Writes the bytes {@code content} writes. */
    public static void write(Path target, ByteContent content) {
        Path file = target.toAbsolutePath();
        Path temporary = file.resolveSibling("." + file.getFileName() + "."
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        FileChannel channel;
        try {
            channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw failure(file, e); // nothing created, nothing to delete
        }
        try {
            try (channel) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel));
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            move(temporary, file);
        } catch (IOException e) {
            UncheckedIOException failure = failure(file, e);
            delete(temporary, failure);
            throw failure;
        } catch (RuntimeException | Error e) {
            delete(temporary, e);
            throw e;
        }
    }

    private static UncheckedIOException failure(Path file, IOException cause) {
        return new UncheckedIOException("could not write " + file + ": " + cause, cause);
    }

    /** Deletes the temporary file of a failed write; a failed delete is added to {@code failure}. */
    private static void delete(Path temporary, Throwable failure) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static void move(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static CharsetEncoder utf8Replacing() {
        return StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE).replaceWith(REPLACEMENT);
    }

    /** Writes a file's bytes to {@code out}; does not close it. */
    @FunctionalInterface
    public interface ByteContent {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes a file's text to {@code out}; does not close it. */
    @FunctionalInterface
    public interface TextContent {
        void writeTo(Writer out) throws IOException;
    }
}
