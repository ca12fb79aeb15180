package io.memscope.samples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Refuses a command line whose outputs would overwrite one another or the capture it reads: two outputs naming one
 * file, an output that is the input capture (or, when the input is a folder, a {@code .jfr} in it), or an output file
 * inside an output folder memscope fills (a CSV or report folder). Paths are compared after resolving links and
 * {@code ..}. A usage error (exit code 2), raised before anything runs. Not thread-safe: one per command line.
 */
final class OutputCollisions {
    private record Named(String label, Path path, boolean folder) {
    }

    private final List<Named> outputs = new ArrayList<>();
    private @Nullable Named input;

    /** The capture the command reads (a file or a repository folder). */
    OutputCollisions input(String label, @Nullable Path path) {
        if (path != null) {
            input = new Named(label, real(path), Files.isDirectory(path));
        }
        return this;
    }

    /** An output file; ignored when null. */
    OutputCollisions file(String label, @Nullable Path path) {
        if (path != null) {
            outputs.add(new Named(label, real(path), false));
        }
        return this;
    }

    /** Output files named alike ({@code OUT.json}, {@code OUT-2.json}, ...). */
    OutputCollisions files(String label, List<Path> paths) {
        paths.forEach(p -> file(label, p));
        return this;
    }

    /** An output folder memscope writes files into; ignored when null. */
    OutputCollisions folder(String label, @Nullable Path path) {
        if (path != null) {
            outputs.add(new Named(label, real(path), true));
        }
        return this;
    }

    /** Throws a usage error naming the first collision, if any. */
    void check(CommandSpec spec) {
        Named in = input;
        for (int i = 0; i < outputs.size(); i++) {
            Named out = outputs.get(i);
            if (in != null && out.folder() && !in.folder() && in.path().startsWith(out.path())) {
                throw refuse(spec, "the capture " + in.path() + " is inside the " + out.label() + " folder, which "
                        + "memscope fills: write the files elsewhere");
            }
            if (!out.folder() && Files.isDirectory(out.path())) {
                throw refuse(spec, out.label() + " " + out.path() + " is a folder: choose another output name");
            }
            if (in != null && (out.path().equals(in.path()) || (in.folder() && !out.folder()
                    && in.path().equals(out.path().getParent())
                    && out.path().getFileName().toString().endsWith(".jfr")))) {
                throw refuse(spec, out.label() + " " + out.path() + " is the capture being read (or one of its chunk"
                        + " files): choose another output name");
            }
            for (int j = i + 1; j < outputs.size(); j++) {
                Named other = outputs.get(j);
                if (out.path().equals(other.path())) {
                    throw refuse(spec, out.label() + " and " + other.label() + " are both " + out.path()
                            + ": choose another name for one of them");
                }
                Named folder = out.folder() ? out : other.folder() ? other : null;
                Named file = folder == out ? other : out;
                if (folder != null && !file.folder() && file.path().startsWith(folder.path())) {
                    throw refuse(spec, file.label() + " " + file.path() + " is inside the " + folder.label()
                            + " folder, which memscope fills: put it elsewhere");
                }
            }
        }
    }

    private static ParameterException refuse(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The path with links and {@code ..} resolved as far as it exists. */
    static Path real(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            return absolute.toRealPath();
        } catch (IOException missing) {
            Path parent = absolute.getParent();
            return parent == null ? absolute : real(parent).resolve(Objects.requireNonNull(absolute.getFileName()));
        }
    }
}
