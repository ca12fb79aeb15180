package io.memscope.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AtomicFiles}: whole files or the previous file, never a cut one, and no temporary file left behind. */
class AtomicFilesTest {

    @Test
    void unpairedSurrogatesBecomeTheReplacementCharacterInWellFormedUtf8(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("report.txt");
        AtomicFiles.writeString(file, "high \uD800 alone, low \uDC00 alone, pair \uD83D\uDE00");

        String text = strictUtf8(file);
        assertThat(text).isEqualTo("high \uFFFD alone, low \uFFFD alone, pair \uD83D\uDE00");
        assertThat(files(dir)).containsExactly(file);
    }

    @Test
    void aWriteThatFailsHalfWayLeavesThePreviousFileAndNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("allocations.csv");
        AtomicFiles.writeString(file, "previous\n");
        IllegalStateException failure = new IllegalStateException("row source failed");

        assertThatThrownBy(() -> AtomicFiles.writeText(file, out -> {
            out.write("half of the new content, flushed to the temporary file".repeat(1000));
            out.flush();
            throw failure;
        })).isSameAs(failure);

        assertThat(Files.readString(file)).isEqualTo("previous\n");
        assertThat(files(dir)).containsExactly(file);
    }

    @Test
    void anIoFailureOfTheContentNamesTheTargetAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("chart.png");

        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write(new byte[100_000]);
            throw new IOException("encoder broke");
        })).isInstanceOf(UncheckedIOException.class).hasMessageContaining(file.toString()).hasMessageContaining("encoder broke");

        assertThat(files(dir)).isEmpty();
    }

    @Test
    void anUnwritableTargetDirectoryIsAClearExceptionNamingThePath(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        Path missing = dir.resolve("no-such-folder");

        for (Path target : List.of(notADirectory.resolve("snapshots.csv"), missing.resolve("snapshots.csv"))) {
            assertThatThrownBy(() -> AtomicFiles.writeString(target, "rows"))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith("could not write " + target.toAbsolutePath());
        }
        assertThat(files(dir)).containsExactly(notADirectory);
        assertThat(Files.readString(notADirectory)).isEqualTo("x");
    }

    @Test
    void replacesAnExistingFileWhole(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("report.txt");
        AtomicFiles.writeString(file, "a much longer previous content than the new one");
        AtomicFiles.writeString(file, "new");

        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(files(dir)).containsExactly(file);
    }

    /** Decodes {@code file} as UTF-8, failing on any malformed byte sequence. */
    static String strictUtf8(Path file) throws IOException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    }

    /** The directory's entries, hidden ones (temporary files) included. */
    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        }
    }
}
