package io.memscope.samples.cli;

import io.memscope.core.CallStacks;
import io.memscope.remote.AttachException;
import io.memscope.remote.ConnectionState;
import io.memscope.remote.ConnectionStatus;
import io.memscope.remote.LocalJvms;
import io.memscope.remote.MemscopeJvm;
import io.memscope.remote.RemoteCore;
import io.memscope.remote.RemoteMemoryMonitor;
import io.memscope.remote.RemoteOptions;
import io.memscope.samples.report.HeadlessReport;
import io.memscope.ui.MonitorWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code memscope monitor}: attaches to another JVM on this host that uses memscope (same user; the JDK's Attach
 * API and its local JMX agent, no network port) and shows the dashboard on it, live. Without a display, or with
 * {@code --report}, it watches for {@code --seconds} (or until the target ends) and writes a report folder of
 * what it received. {@code --list} prints the JVMs it could attach to. Exit codes: 0 done, 1 a failure, 2 bad
 * usage, no such JVM, or attach refused.
 */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = "Attach the dashboard to a running JVM that uses memscope (this host, "
        + "this user): the only one, or --pid N. Without a display (or with --report): watch for --seconds and write "
        + "a report folder.")
final class MonitorCommand implements Callable<Integer> {
    private static final int HEADLESS_SECONDS = 10;
    private static final int SCREENSHOT_SECONDS = 5;
    /** How often waits look at Ctrl-C (the JVM's shutdown waits for this command to end cleanly). */
    private static final Duration POLL = Duration.ofMillis(200);

    @Spec
    @Nullable CommandSpec spec;

    @Option(names = "--list", description = "List the JVMs using memscope (pid, main class, device, live "
            + "allocations) and exit.")
    boolean list;

    @Option(names = "--pid", paramLabel = "N", converter = PositiveInt.class,
            description = "The JVM to attach to (default: the only one using memscope).")
    @Nullable Integer pid;

    @Option(names = "--core", paramLabel = "ID", converter = PositiveInt.class,
            description = "Which of the target's allocator cores, by the id --list shows (default: the first).")
    @Nullable Integer core;

    @Option(names = "--wait", description = "Wait for a JVM using memscope to appear; after it ends, wait for the "
            + "next one and attach to it.")
    boolean waitForNext;

    @Option(names = "--call-stacks", paramLabel = "WHICH", converter = CallStacksValue.class,
            description = "Stream who allocated: the call stack of " + CallStacksValue.VALUES + " (Call sites tab; "
                    + "allocations made before attaching have none; default: none).")
    @Nullable CallStacks callStacks;

    @Option(names = "--seconds", paramLabel = "S", converter = PositiveInt.class,
            description = "Stop after S seconds (headless default: " + HEADLESS_SECONDS + ").")
    @Nullable Integer seconds;

    @Option(names = "--screenshot", paramLabel = "FILE.png", converter = OutputPaths.WritablePng.class,
            description = "With the dashboard: watch for --seconds (default " + SCREENSHOT_SECONDS + "), write it to this "
                    + "PNG and close (its folder must exist).")
    @Nullable Path screenshot;

    @Option(names = "--report", paramLabel = "FOLDER", converter = OutputPaths.WritableFolder.class,
            description = "Headless: the report folder (default: memscope-monitor-<time> in the current directory).")
    @Nullable Path report;

    @Override
    public Integer call() throws InterruptedException {
        if (list) {
            printList(LocalJvms.list());
            return 0;
        }
        boolean dashboard = report == null && Display.available();
        if (screenshot != null && !dashboard) {
            throw usage("--screenshot needs the dashboard: a display and no --report");
        }
        Path folder = dashboard ? null : report != null ? report : defaultReportFolder();
        long target = pid != null ? pid : TargetChoice.only(Objects.requireNonNull(spec), waitForNext);
        RemoteOptions options = RemoteOptions.defaults().withWaitForNext(waitForNext);
        if (core != null) {
            options = options.withCoreId(core);
        }
        if (callStacks != null) {
            options = options.withCallStacks(callStacks);
        }
        try (RemoteMemoryMonitor remote = attach(target, options)) {
            System.out.println("memscope monitor attached to " + remote.getName());
            var unused = remote.connectionStates().skip(1).filter(state -> state.status() == ConnectionStatus.LIVE)
                    .subscribe(state -> System.out.println("memscope monitor: " + remote.getName() + " live since "
                            + state.since())); // also names the next target that --wait follows
            try {
                remote.getSnapshots(); // fetched now: still there if the target ends before the report is written
            } catch (RuntimeException e) {
                // the target went away already: the report says so
            }
            if (dashboard) {
                return watchInWindow(remote);
            }
            return watchHeadless(remote, Objects.requireNonNull(folder));
        }
    }

    private RemoteMemoryMonitor attach(long target, RemoteOptions options) {
        try {
            return RemoteMemoryMonitor.attach(target, options);
        } catch (AttachException e) {
            throw usage(String.valueOf(e.getMessage()));
        }
    }

    private int watchInWindow(RemoteMemoryMonitor remote) throws InterruptedException {
        MonitorWindow window = MonitorWindow.show(remote);
        if (screenshot != null) {
            // the charts need some history: watch for --seconds (default 5), less if the target ends
            if (awaitDisconnected(remote, Duration.ofSeconds(seconds != null ? seconds : SCREENSHOT_SECONDS))) {
                window.awaitConnectionShown(Duration.ofSeconds(5)); // the banner says so before the picture
            }
            System.out.println("dashboard screenshot: " + window.writeScreenshot(screenshot));
            window.close();
            return 0;
        }
        System.out.println("Close the dashboard's window to detach (the target keeps running).");
        long deadline = seconds != null ? System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) : Long.MAX_VALUE;
        while (!window.awaitClosed(POLL) && !CtrlC.pressed() && System.nanoTime() - deadline < 0) {
            // Ctrl-C or the time limit end it like closing the window
        }
        window.close();
        return CtrlC.pressed() ? MemscopeCommand.EXIT_CTRL_C : 0;
    }

    private int watchHeadless(RemoteMemoryMonitor remote, Path folder) throws InterruptedException {
        try (HeadlessReport headless = new HeadlessReport(remote)) {
            Duration limit = Duration.ofSeconds(seconds != null ? seconds : HEADLESS_SECONDS);
            boolean ended = awaitDisconnected(remote, limit);
            ConnectionState state = remote.connectionState();
            String how = ended ? "disconnected at " + state.since() + " (" + state.detail() + ")"
                    : CtrlC.pressed() ? "stopped by Ctrl-C or a signal" : "watched for " + limit.toSeconds() + " s";
            String summary = String.format(Locale.ROOT, "memscope monitor: %s, %s%n%s", remote.getName(), how,
                    "resynchronisations: " + state.resyncs() + ", live allocations received: "
                            + remote.getLiveAllocations().size());
            System.out.println(summary);
            System.out.println("report written to " + headless.write(folder, summary));
        }
        return 0;
    }

    /**
     * Waits up to {@code limit} for the target to end (with {@code --wait}: the limit only) or Ctrl-C; true if it
     * ended.
     */
    private boolean awaitDisconnected(RemoteMemoryMonitor remote, Duration limit) throws InterruptedException {
        CountDownLatch ended = new CountDownLatch(1);
        var subscription = remote.connectionStates()
                .filter(state -> state.status() == ConnectionStatus.DISCONNECTED && !waitForNext)
                .subscribe(state -> ended.countDown());
        try {
            long deadline = System.nanoTime() + limit.toNanos();
            while (!CtrlC.pressed()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                if (ended.await(Math.min(left, POLL.toNanos()), TimeUnit.NANOSECONDS)) {
                    return true;
                }
            }
            return false;
        } finally {
            subscription.dispose();
        }
    }

    private static void printList(List<MemscopeJvm> jvms) {
        if (jvms.isEmpty()) {
            System.out.println("no JVM of this user on this host uses memscope");
            return;
        }
        System.out.printf(Locale.ROOT, "%-8s %-5s %-36s %12s  %s%n", "PID", "CORE", "DEVICE", "ALLOCATIONS", "MAIN");
        for (MemscopeJvm jvm : jvms) {
            for (RemoteCore remoteCore : jvm.cores()) {
                System.out.printf(Locale.ROOT, "%-8d %-5d %-36s %12d  %s%n", jvm.pid(), remoteCore.coreId(),
                        remoteCore.deviceName(), remoteCore.liveAllocations(), jvm.displayName());
            }
        }
    }

    /** memscope-monitor-&lt;time&gt; in the current directory, checked like {@code --report}. */
    private Path defaultReportFolder() {
        try {
            return OutputPaths.timestampedFolder("memscope-monitor-");
        } catch (TypeConversionException e) {
            throw usage(e.getMessage() + "; choose a folder with --report");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(Objects.requireNonNull(spec).commandLine(), message);
    }
}
