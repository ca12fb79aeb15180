package io.memscope.samples.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Where a command writes at the end of its run, checked when the command line is read, so that a path that
 * cannot be written fails at once (exit 2, one line) instead of after the whole run. Paths become absolute:
 * relative ones are relative to the directory memscope was started in, and what the command prints says
 * exactly where the output went.
 */
final class OutputPaths {
    private OutputPaths() {
    }

    /**
     * A file written at the end: if it exists it must be writable and not a folder; otherwise its folder
     * must exist and take new files.
     */
    static Path file(String value) {
        Path path = absolute(value);
        if (Files.isDirectory(path)) {
            throw cannotWrite(path, "it is a folder");
        }
        if (Files.exists(path)) {
            if (!Files.isRegularFile(path)) { // a pipe, a device: memscope's files are written whole, then moved
                throw cannotWrite(path, "it is not a regular file (a pipe or a device?)");
            }
            if (!Files.isWritable(path)) {
                throw cannotWrite(path, "it is not writable");
            }
            return path;
        }
        Path folder = Objects.requireNonNull(path.getParent(), "an absolute file path has a parent");
        if (!Files.isDirectory(folder)) {
            throw cannotWrite(path, "there is no folder " + folder);
        }
        try { // the one check that read-only mounts, ACLs, root and over-long names all answer truly
            Files.delete(Files.createFile(path));
        } catch (IOException e) {
            throw cannotWrite(path, reason(e));
        }
        return path;
    }

    /** A folder created at the end (with missing parents) and filled: the nearest existing one must take new files. */
    static Path folder(String value) {
        Path path = absolute(value);
        Path existing = path;
        while (!Files.exists(existing)) {
            existing = Objects.requireNonNull(existing.getParent(), "the root exists");
        }
        if (!Files.isDirectory(existing)) {
            throw cannotWrite(path, existing + " is not a folder");
        }
        try {
            Files.delete(Files.createTempFile(existing, ".memscope-", ".probe"));
        } catch (IOException e) {
            throw cannotWrite(path, "no file can be created in " + existing + " (" + reason(e) + ")");
        }
        if (!path.equals(existing)) { // the missing folders themselves, created and removed: over-long names fail here
            try {
                Files.createDirectories(path);
                for (Path created = path; !created.equals(existing); created = Objects.requireNonNull(created.getParent())) {
                    Files.delete(created);
                }
            } catch (IOException e) {
                throw cannotWrite(path, reason(e));
            }
        }
        return path;
    }

    private static Path absolute(String value) {
        if (value.isBlank()) {
            throw new TypeConversionException("a path is needed, got '" + value + "'");
        }
        try {
            return Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new TypeConversionException("'" + value + "' is not a path on this system (" + e.getReason() + ")");
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) { // the folder exists (checked before): /proc, /sys
            return "its folder takes no new files";
        }
        return e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName();
    }

    private static TypeConversionException cannotWrite(Path path, String why) {
        return new TypeConversionException("cannot write " + path + ": " + why);
    }

    /** picocli converter for {@link #file}. */
    static final class WritableFile implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            return file(value);
        }
    }

    /** picocli converter for a PNG output (screenshot, memory map): {@link #file}, named {@code .png}. */
    static final class WritablePng implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path png = file(value);
            if (!png.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
                throw cannotWrite(png, "a PNG image is written there: name it .png");
            }
            return png;
        }
    }

    /**
     * picocli converter for a snapshot CSV: {@link #file} for it and for the per-tag file written next to it
     * ({@code NAME_tags.csv}, see {@code CsvExport.tagsFileFor}), so neither fails after the run.
     */
    static final class WritableSnapshotCsv implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path csv = file(value);
            file(io.memscope.export.CsvExport.tagsFileFor(csv).toString());
            return csv;
        }
    }

    /** {@code PREFIX<yyyyMMdd-HHmmss>} in the current directory, checked like {@link #folder}. */
    static Path timestampedFolder(String prefix) {
        return folder(prefix + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /** picocli converter for {@link #folder}. */
    static final class WritableFolder implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            return folder(value);
        }
    }
}
