package io.memscope.samples.cli;

import io.memscope.core.CallStacks;
import io.memscope.core.CaptureOptions;
import io.memscope.export.capture.CaptureReader;
import io.memscope.remote.AttachException;
import io.memscope.remote.RemoteCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code memscope record}: records a running memscope JVM on this host (same user) to a capture file for
 * {@code --duration}, until Ctrl-C, or until the target ends (it then writes the file as it exits). The target writes
 * the file. Exit codes: 0 written, 1 a failure, 2 bad usage, no such JVM, or attach refused.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Record a running JVM that uses memscope (this host, this user) to a capture file: memscope's "
                + "events, the device layout and the live state, as a JFR recording (docs/captures.md).")
final class RecordCommand implements Callable<Integer> {
    private static final Duration DEFAULT_DURATION = Duration.ofSeconds(60);

    @Spec
    @Nullable CommandSpec spec;

    @Option(names = "--pid", paramLabel = "N", converter = PositiveInt.class,
            description = "The JVM to record (default: the only one using memscope).")
    @Nullable Integer pid;

    @Option(names = "--duration", paramLabel = "TIME", converter = DurationValue.class,
            description = "How long to record, e.g. 30s or 5m (default: 60s); Ctrl-C stops earlier.")
    @Nullable Duration duration;

    @Option(names = "--max-size", paramLabel = "SIZE", converter = ByteSize.class,
            description = "Keep at most this much (the oldest data goes first), e.g. 64MiB (default: 256MiB).")
    @Nullable Long maxSize;

    @Option(names = "--call-stacks", paramLabel = "WHICH", converter = CallStacksValue.class,
            description = "Record who allocated: the call stack of " + CallStacksValue.VALUES + " (default: none).")
    @Nullable CallStacks callStacks;

    @Parameters(index = "0", paramLabel = "FILE.jfr", converter = OutputPaths.WritableFile.class,
            description = "The capture file (its folder must exist).")
    @Nullable Path file;

    @Override
    public Integer call() throws InterruptedException {
        long target = pid != null ? pid : TargetChoice.only(Objects.requireNonNull(spec), false);
        CaptureOptions options = CaptureOptions.defaults();
        if (maxSize != null) {
            options = options.withMaxSizeBytes(maxSize);
        }
        if (callStacks != null) {
            options = options.withCallStacks(callStacks);
        }
        Duration limit = duration != null ? duration : DEFAULT_DURATION;
        RemoteCapture capture;
        try {
            // the target stops by itself a little after the limit if this process dies before it stops the capture
            capture = RemoteCapture.start(target, Objects.requireNonNull(file), options, limit.plusSeconds(10));
        } catch (AttachException e) {
            throw new ParameterException(Objects.requireNonNull(spec).commandLine(), String.valueOf(e.getMessage()));
        }
        System.out.println("memscope record: recording pid " + target + " to " + capture.file() + " for "
                + limit.toSeconds() + " s (Ctrl-C stops earlier)");
        boolean targetEnded = awaitEnd(target, limit);
        Path written;
        if (targetEnded) {
            capture.detach(); // nothing to stop: the target wrote its recording as it exited
            written = capture.file();
            System.out.println("memscope record: pid " + target + " ended; it wrote the capture as it exited");
        } else {
            written = capture.stop();
        }
        if (!Files.isRegularFile(written)) {
            System.err.println("memscope: no capture was written to " + written);
            return MemscopeCommand.EXIT_FAILED;
        }
        System.out.println("capture written to " + written + " (" + CaptureReader.open(written).summary() + ")");
        return 0;
    }

    /** Waits for {@code limit}, Ctrl-C or the target's end; true if the target ended. */
    private static boolean awaitEnd(long target, Duration limit) throws InterruptedException {
        Optional<ProcessHandle> process = ProcessHandle.of(target);
        CompletableFuture<ProcessHandle> exit = process.map(ProcessHandle::onExit)
                .orElseGet(() -> CompletableFuture.completedFuture(null));
        long deadline = System.nanoTime() + limit.toNanos();
        while (!CtrlC.pressed()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                exit.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
                return true;
            } catch (TimeoutException e) {
                // still running: check Ctrl-C, then wait on
            } catch (ExecutionException e) {
                return true;
            }
        }
        return false;
    }
}
