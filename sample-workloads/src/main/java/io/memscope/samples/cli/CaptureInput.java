package io.memscope.samples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
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
}
