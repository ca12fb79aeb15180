package io.memscope.samples.cli;

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

    @Spec
    @Nullable CommandSpec spec;

    @Option(names = "--list", description = "List the JVMs using memscope (pid, main class, device, live "
            + "allocations) and exit.")
    boolean list;

    @Option(names = "--pid", paramLabel = "N", converter = PositiveInt.class,
            description = "The JVM to attach to (default: the only one using memscope).")
    @Nullable Integer pid;

    @Option(names = "--core", paramLabel = "ID", description = "Which of the target's allocator cores (default: the first).")
    @Nullable Integer core;

    @Option(names = "--wait", description = "Wait for a JVM using memscope to appear; after it ends, wait for the "
            + "next one and attach to it.")
    boolean waitForNext;

    @Option(names = "--seconds", paramLabel = "S", converter = PositiveInt.class,
            description = "Stop after S seconds (headless default: " + HEADLESS_SECONDS + ").")
    @Nullable Integer seconds;

    @Option(names = "--screenshot", paramLabel = "FILE.png", converter = OutputPaths.WritableFile.class,
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
        try (RemoteMemoryMonitor remote = attach(target, options)) {
            System.out.println("memscope monitor attached to " + remote.getName());
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
            awaitDisconnected(remote, Duration.ofSeconds(seconds != null ? seconds : SCREENSHOT_SECONDS));
            System.out.println("dashboard screenshot: " + window.writeScreenshot(screenshot));
            window.close();
            return 0;
        }
        System.out.println("Close the dashboard's window to detach (the target keeps running).");
        if (seconds != null) {
            window.awaitClosed(Duration.ofSeconds(seconds));
            window.close();
        } else {
            window.awaitClosed();
        }
        return 0;
    }

    private int watchHeadless(RemoteMemoryMonitor remote, Path folder) throws InterruptedException {
        try (HeadlessReport headless = new HeadlessReport(remote)) {
            Duration limit = Duration.ofSeconds(seconds != null ? seconds : HEADLESS_SECONDS);
            boolean ended = awaitDisconnected(remote, limit);
            ConnectionState state = remote.connectionState();
            String summary = String.format(Locale.ROOT, "memscope monitor: %s, %s%n%s", remote.getName(),
                    ended ? "disconnected at " + state.since() + " (" + state.detail() + ")" : "watched for " + limit.toSeconds() + " s",
                    "resynchronisations: " + state.resyncs() + ", live allocations received: "
                            + remote.getLiveAllocations().size());
            System.out.println(summary);
            System.out.println("report written to " + headless.write(folder, summary));
        }
        return 0;
    }

    /** Waits up to {@code limit} for the target to end (with {@code --wait}: the limit only); true if it ended. */
    private boolean awaitDisconnected(RemoteMemoryMonitor remote, Duration limit) throws InterruptedException {
        CountDownLatch ended = new CountDownLatch(1);
        var subscription = remote.connectionStates()
                .filter(state -> state.status() == ConnectionStatus.DISCONNECTED && !waitForNext)
                .subscribe(state -> ended.countDown());
        try {
            return ended.await(limit.toMillis(), TimeUnit.MILLISECONDS);
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
