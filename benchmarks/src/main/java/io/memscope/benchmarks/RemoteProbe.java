package io.memscope.benchmarks;

import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

import io.memscope.core.AllocatorCore;
import io.memscope.core.AllocatorOptions;
import io.memscope.core.BufferAllocation;
import io.memscope.core.BufferRequest;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryUsage;
import io.memscope.core.MonitorOptions;
import io.memscope.core.VulkanContext;
import io.memscope.core.event.AllocationCreated;
import io.memscope.core.event.AllocationEvent;
import io.memscope.remote.ConnectionStatus;
import io.memscope.remote.RemoteMemoryMonitor;
import io.reactivex.rxjava3.disposables.Disposable;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The attached monitor's figures (issue 14), two real JVMs: this one starts a target child JVM (the same class,
 * {@code target N}) holding {@code N} live allocations, attaches a {@link RemoteMemoryMonitor} to it and prints
 * <ul>
 *   <li>the attach time until the remote ledger holds all {@code N} allocations;</li>
 *   <li>event → remote subscriber latency (p50, p95, max) over 300 allocations made 10 ms apart, from the event's
 *       own wall-clock time in the target to its arrival here (one host, one clock);</li>
 *   <li>a burst of allocate+free pairs in the target as fast as it can: the rate it produced, the rate the remote
 *       stream delivered here, resynchronisations, and whether the remote ledger equals the target's afterwards.</li>
 * </ul>
 * Usage: {@code java -cp benchmarks.jar io.memscope.benchmarks.RemoteProbe [LIVE [BURST_PAIRS]]} (defaults 100 000
 * and 1 000 000). Not a JMH benchmark: it measures latency across processes.
 */
public final class RemoteProbe {
    private static final int TRICKLE = 300;

    private RemoteProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("target")) {
            target(Integer.parseInt(args[1]));
            return;
        }
        int live = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int burst = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        monitor(live, burst);
    }

    // ------------------------------------------------------------------------------------------------- target

    private static void target(int live) throws IOException {
        try (VulkanContext context = VulkanContext.create();
             AllocatorCore core = AllocatorCore.create(context, AllocatorOptions.defaults()
                     .withMonitor(MonitorOptions.defaults().withSampleInterval(Duration.ofMillis(100))))) {
            MemoryAllocator held = core.allocator("Held");
            List<BufferAllocation> buffers = new ArrayList<>(live);
            BufferRequest small = BufferRequest.of(256, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY);
            for (int i = 0; i < live; i++) {
                buffers.add(held.allocateBuffer(small));
            }
            System.out.println("ready " + context.getDeviceName());
            MemoryAllocator trickle = core.allocator("Trickle");
            MemoryAllocator churn = core.allocator("Burst");
            BufferRequest request = BufferRequest.of(4096, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                String[] words = line.split(" ");
                int n = words.length > 1 ? Integer.parseInt(words[1]) : 0;
                switch (words[0]) {
                    case "trickle" -> {
                        for (int i = 0; i < n; i++) {
                            trickle.allocateBuffer(request).close();
                            pause(10); // pacing the events, not synchronising threads
                        }
                        System.out.println("done");
                    }
                    case "burst" -> {
                        long start = System.nanoTime();
                        for (int i = 0; i < n; i++) {
                            churn.allocateBuffer(request).close();
                        }
                        double seconds = (System.nanoTime() - start) / 1e9;
                        System.out.printf(Locale.ROOT, "done %.0f%n", 2 * n / seconds);
                    }
                    case "paced" -> { // paced RATE SECONDS: allocate+free pairs at RATE events/s
                        long perSecond = n;
                        long seconds = Long.parseLong(words[2]);
                        long total = perSecond * seconds / 2;
                        long start = System.nanoTime();
                        for (long i = 0; i < total; i++) {
                            long due = start + (long) (i * 2 * 1e9 / perSecond);
                            while (System.nanoTime() < due) {
                                Thread.onSpinWait();
                            }
                            churn.allocateBuffer(request).close();
                        }
                        double elapsed = (System.nanoTime() - start) / 1e9;
                        System.out.printf(Locale.ROOT, "done %.0f %d%n", 2 * total / elapsed, 2 * total);
                    }
                    case "count" -> System.out.println("live " + core.getStats().allocationCount());
                    default -> System.out.println("unknown " + line);
                }
            }
            buffers.forEach(BufferAllocation::close);
        }
    }

    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------------ monitor

    private static void monitor(int live, int burst) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms1g", "-Xmx1g", "-Dorg.lwjgl.system.stackSize=4096", "-cp",
                System.getProperty("java.class.path").split(File.pathSeparator)[0], RemoteProbe.class.getName(),
                "target", Integer.toString(live)));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter in = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8);
        try {
            String ready = answer(out, "ready");
            System.out.println("target pid " + child.pid() + " on " + ready.substring(6) + ", " + live + " live allocations");

            long start = System.nanoTime();
            try (RemoteMemoryMonitor remote = RemoteMemoryMonitor.attach(child.pid())) {
                await(() -> remote.getLiveAllocations().size() == live, Duration.ofMinutes(2), "the full state");
                System.out.printf(Locale.ROOT, "attach: %.0f ms until the remote ledger held %d allocations%n",
                        (System.nanoTime() - start) / 1e6, live);
                latency(remote, in, out);
                for (int rate : new int[] {100_000, 200_000, 300_000, 500_000}) {
                    paced(remote, in, out, live, rate, 5);
                }
                throughput(remote, in, out, live, burst);
            }
        } finally {
            child.destroyForcibly();
        }
    }

    private static void latency(RemoteMemoryMonitor remote, PrintWriter in, BufferedReader out) throws Exception {
        ConcurrentLinkedQueue<Long> delays = new ConcurrentLinkedQueue<>();
        Disposable subscription = remote.allocations().subscribe(event -> {
            if (event instanceof AllocationCreated created && created.allocation().tag().equals("Trickle")) {
                delays.add(System.currentTimeMillis() - created.header().epochMillis());
            }
        });
        try {
            in.println("trickle " + TRICKLE);
            answer(out, "done");
            await(() -> delays.size() >= TRICKLE, Duration.ofSeconds(30), "the trickle's events");
        } finally {
            subscription.dispose();
        }
        long[] sorted = delays.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "latency event -> remote subscriber over %d allocations: p50 %d ms, p95 %d ms, "
                + "max %d ms%n", sorted.length, sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.95)],
                sorted[sorted.length - 1]);
    }

    /** The target makes allocate+free pairs at {@code rate} events/s for {@code seconds}: did every event arrive? */
    private static void paced(RemoteMemoryMonitor remote, PrintWriter in, BufferedReader out, int live, int rate,
                              int seconds) throws Exception {
        AtomicLong received = new AtomicLong();
        Disposable subscription = remote.allocations().subscribe((AllocationEvent event) -> received.incrementAndGet());
        long resyncsBefore = remote.resyncCount();
        try {
            in.println("paced " + rate + " " + seconds);
            String[] done = answer(out, "done").split(" ");
            long sent = Long.parseLong(done[2]);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (received.get() < sent && remote.resyncCount() == resyncsBefore && System.nanoTime() < deadline) {
                pause(20);
            }
            await(() -> remote.connectionState().status() == ConnectionStatus.LIVE
                    && remote.getLiveAllocations().size() == live, Duration.ofMinutes(1), "the ledger to converge");
            System.out.printf(Locale.ROOT, "paced %d events/s for %d s (target made %s/s): %d of %d events arrived, "
                            + "resynchronisations %d, remote ledger equals the target's: %s%n", rate, seconds, done[1],
                    received.get(), sent, remote.resyncCount() - resyncsBefore, remote.getLiveAllocations().size() == live);
        } finally {
            subscription.dispose();
        }
    }

    private static void throughput(RemoteMemoryMonitor remote, PrintWriter in, BufferedReader out, int live,
                                   int pairs) throws Exception {
        AtomicLong received = new AtomicLong();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        Disposable subscription = remote.allocations().subscribe((AllocationEvent event) -> {
            long now = System.nanoTime();
            first.compareAndSet(0, now);
            last.set(now);
            received.incrementAndGet();
        });
        long resyncsBefore = remote.resyncCount();
        try {
            in.println("burst " + pairs);
            String done = answer(out, "done");
            double produced = Double.parseDouble(done.substring(5));
            await(() -> remote.connectionState().status() == ConnectionStatus.LIVE
                    && remote.getLiveAllocations().size() == live, Duration.ofMinutes(2), "the ledger to converge");
            // the stream keeps delivering for a while after convergence: give it until nothing came for 3 s
            long quietSince = System.nanoTime();
            long seen = received.get();
            while (System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(3)) {
                pause(100);
                if (received.get() != seen) {
                    seen = received.get();
                    quietSince = System.nanoTime();
                }
            }
            double span = Math.max(1, last.get() - first.get()) / 1e9;
            System.out.printf(Locale.ROOT, "burst: target produced %.0f events/s (%d events); the remote stream delivered "
                            + "%d of them here at %.0f events/s; resynchronisations %d; remote ledger equals the target's: %s%n",
                    produced, 2L * pairs, received.get(), received.get() / span, remote.resyncCount() - resyncsBefore,
                    remote.getLiveAllocations().size() == live);
        } finally {
            subscription.dispose();
        }
    }

    private static String answer(BufferedReader out, String prefix) throws IOException {
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith(prefix)) {
                return line;
            }
            System.out.println("  target: " + line);
        }
        throw new IllegalStateException("the target ended before printing '" + prefix + "'");
    }

    private static void await(BooleanSupplier condition, Duration limit, String what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            pause(5);
        }
    }
}
