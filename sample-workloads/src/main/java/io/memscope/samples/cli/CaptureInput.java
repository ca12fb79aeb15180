package io.memscope.samples.cli;

import io.memscope.export.capture.CaptureReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converter for a capture to read: a file that starts as every Flight Recorder chunk does, or a folder (a
 * JFR repository, e.g. of a killed process). Absolute and normalised; what is inside is read later.
 */
final class CaptureInput implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
        if (value.isBlank()) {
            throw new TypeConversionException("a capture file or folder is needed, got '" + value + "'");
        }
        Path path;
        try {
            path = Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new TypeConversionException("'" + value + "' is not a path on this system (" + e.getReason() + ")");
        }
        if (!Files.exists(path)) {
            throw new TypeConversionException("no capture at " + path + ": no such file or folder");
        }
        if (!Files.isReadable(path)) {
            throw new TypeConversionException("cannot read the capture " + path + ": permission denied");
        }
        if (Files.isRegularFile(path) && path.toFile().length() == 0) { // what a capture killed before its stop leaves
            throw new TypeConversionException(path + " is empty: a capture whose process was killed before it stopped? "
                    + "Its data is in Flight Recorder's repository folder (docs/captures.md)");
        }
        if (Files.isRegularFile(path) && !isFlightRecording(path)) {
            throw new TypeConversionException(path + " is not a Flight Recorder (.jfr) file");
        }
        return path;
    }

    /** Whether the file starts as every JFR chunk does, with {@code FLR\0}. */
    private static boolean isFlightRecording(Path path) {
        byte[] magic = new byte[4];
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(magic, 0, 4) == 4 && magic[0] == 'F' && magic[1] == 'L' && magic[2] == 'R'
                    && magic[3] == 0;
        } catch (IOException e) {
            throw new TypeConversionException("cannot read the capture " + path + ": " + e.getMessage());
        }
    }

    /** Reads the capture at {@code path} (checked by this converter); what it cannot read is a usage error. */
    static CaptureReader open(CommandSpec spec, Path path) {
        try {
            return CaptureReader.open(path);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), String.valueOf(e.getMessage()));
        }
    }

    /**
     * The core {@code --core} names, or the capture's first; a usage error when the capture holds no core or not that
     * one (the message lists the ones it holds).
     */
    static int core(CommandSpec spec, CaptureReader reader, Path path, @Nullable Integer core) {
        if (reader.cores().isEmpty()) {
            throw new ParameterException(spec.commandLine(), path + " holds no memscope core (not a memscope capture?)");
        }
        int coreId = core != null ? core : reader.firstCore();
        if (reader.cores().stream().noneMatch(c -> c.coreId() == coreId)) {
            throw new ParameterException(spec.commandLine(), "the capture holds no core " + coreId + "; it holds "
                    + reader.cores().stream().map(c -> c.coreId() + " (" + c.deviceName() + ")").toList());
        }
        return coreId;
    }
}
