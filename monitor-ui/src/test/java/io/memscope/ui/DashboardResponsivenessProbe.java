package io.memscope.ui;

import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

import io.memscope.core.AllocatorCore;
import io.memscope.core.AllocatorOptions;
import io.memscope.core.BufferAllocation;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryUsage;
import io.memscope.core.MonitorOptions;
import io.memscope.core.TestDevice;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures the dashboard's responsiveness under load; a measurement, not a test (no timing assertions): it
 * runs only with {@code -Dmemscope.probe=true} and prints its figures.
 *
 * <p>Two threads allocate and free small buffers as fast as the device allows (each pair is two events)
 * while the dashboard shows the monitor with its 100 ms sampler. An {@code AnimationTimer} records the time
 * between FX pulses; heap use is read after a GC before and after. Run:
 * {@code ./mvnw -pl monitor-ui test -Dtest=DashboardResponsivenessProbe -Dmemscope.probe=true}
 * ({@code -Dmemscope.probe.rate=N} events/s, {@code -Dmemscope.probe.seconds=S} measured after
 * {@code -Dmemscope.probe.warmup=W} seconds of load (default 15: JIT and heap settle first),
 * {@code -Dmemscope.probe.tab=K} the tab shown, or {@code -Dmemscope.probe.tabs=all} (or names, comma-separated) to
 * measure each in turn after {@code -Dmemscope.probe.settle=S} seconds in front; {@code -Dmemscope.probe.live=N}
 * live allocations kept, 512 by default). One table row per tab.
 */
@EnabledIfSystemProperty(named = "memscope.probe", matches = "true")
class DashboardResponsivenessProbe {
    private static final Duration RUN = Duration.ofSeconds(Long.getLong("memscope.probe.seconds", 20));
    /** Load before the measurement starts: the JIT compiles the hot paths and the heap settles first. */
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("memscope.probe.warmup", 15));
    /** Events per second the two threads aim at together (each allocate + free is two events). */
    private static final long TARGET_EVENTS_PER_SECOND = Long.getLong("memscope.probe.rate", 150_000);
    /** Live allocations the two threads keep (each frees its oldest as it allocates). */
    private static final int LIVE = Integer.getInteger("memscope.probe.live", 512);
    /**
     * The tabs measured one after the other ({@code memscope.probe.tabs}: comma-separated names, or {@code all});
     * default: the one of {@code memscope.probe.tab} (an index, 0 = History).
     */
    private static final String TABS = System.getProperty("memscope.probe.tabs", "");
    /** After switching to a tab, load runs this long before its measurement (its content settles). */
    private static final Duration SETTLE = Duration.ofSeconds(Long.getLong("memscope.probe.settle", 5));

    @Test
    void measure() throws Exception {
        MonitorWindow.startToolkit();
        AllocatorCore core = AllocatorCore.create(TestDevice.context(), AllocatorOptions.defaults()
                .withMonitor(MonitorOptions.defaults()));
        LongAdder events = new LongAdder();
        List<Long> pulses = new ArrayList<>();
        CountDownLatch opened = new CountDownLatch(1);
        DashboardModel[] model = new DashboardModel[1];
        DashboardView[] view = new DashboardView[1];
        Stage[] stage = new Stage[1];
        AnimationTimer recorder = new AnimationTimer() {
            @Override
            public void handle(long now) {
                pulses.add(now);
            }
        };
        Platform.runLater(() -> {
            model[0] = new DashboardModel(core.monitor(), Duration.ofMinutes(10), Duration.ofMillis(100));
            view[0] = new DashboardView(model[0]);
            stage[0] = new Stage();
            stage[0].setScene(new Scene((javafx.scene.Parent) view[0].root(), 1200, 800));
            stage[0].show();
            int tab = Integer.getInteger("memscope.probe.tab", 0); // 0 = History (charts)
            ((javafx.scene.control.TabPane) stage[0].getScene().lookup("#tabs")).getSelectionModel().select(tab);
            opened.countDown();
        });
        opened.await(30, TimeUnit.SECONDS);
        LongAdder dropped = new LongAdder();
        core.monitor().events().subscribe(e -> { // counts what the hub delivers, and what it reports lost
            events.increment();
            if (e instanceof io.memscope.core.event.EventsDropped d) {
                dropped.add(d.count());
            }
        });
        long heapBefore = usedHeap();

        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            MemoryAllocator allocator = core.allocator("Load" + t);
            ArrayDeque<BufferAllocation> live = new ArrayDeque<>();
            for (int i = 0; i < LIVE / 2; i++) { // the live set first, before the pacing starts
                live.add(allocator.allocateBuffer(256, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY));
            }
            Thread worker = new Thread(() -> {
                long pairsPerSecond = TARGET_EVENTS_PER_SECOND / 4; // two threads, two events per pair
                long began = System.nanoTime();
                long pairs = 0;
                while (running.get()) {
                    live.add(allocator.allocateBuffer(256, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY));
                    if (live.size() > LIVE / 2) {
                        live.poll().close();
                    }
                    if (++pairs % 500 == 0) { // pace to the target rate
                        long due = began + pairs * 1_000_000_000L / pairsPerSecond;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                    }
                }
                live.forEach(BufferAllocation::close);
            }, "load-" + t);
            workers.add(worker);
        }
        workers.forEach(Thread::start);
        Thread.sleep(WARM_UP.toMillis()); // the probe's warm-up time, not synchronisation
        List<String> tabs = TABS.isBlank() ? List.of(DashboardView.TAB_NAMES.get(Integer.getInteger("memscope.probe.tab", 0)))
                : TABS.equalsIgnoreCase("all") ? DashboardView.TAB_NAMES : List.of(TABS.split(","));
        System.out.printf(Locale.ROOT, "%n| tab in front | events/s delivered | pulses | p50 | **p99** | max | GCs (ms) | "
                + "lost |%n| --- | --- | --- | --- | --- | --- | --- | --- |%n");
        for (String tab : tabs) {
            CountDownLatch shown = new CountDownLatch(1);
            Platform.runLater(() -> {
                view[0].selectTab(tab);
                shown.countDown();
            });
            shown.await(30, TimeUnit.SECONDS);
            Thread.sleep(SETTLE.toMillis()); // the probe's settling time, not synchronisation
            CountDownLatch recording = new CountDownLatch(1);
            Platform.runLater(() -> {
                pulses.clear();
                recorder.start();
                recording.countDown();
            });
            recording.await(30, TimeUnit.SECONDS);
            long start = System.nanoTime();
            long eventsBefore = events.sum();
            long droppedBefore = dropped.sum();
            long[] gcBefore = gcCountAndMillis();
            Thread.sleep(RUN.toMillis()); // the probe's run time, not synchronisation
            long seconds = Math.max(1, (System.nanoTime() - start) / 1_000_000_000L);
            long[] gcAfter = gcCountAndMillis();
            long measuredEvents = events.sum() - eventsBefore;
            CountDownLatch stopped = new CountDownLatch(1);
            List<Long> taken = new ArrayList<>();
            Platform.runLater(() -> {
                recorder.stop();
                taken.addAll(pulses);
                stopped.countDown();
            });
            stopped.await(30, TimeUnit.SECONDS);
            long[] gaps = new long[Math.max(0, taken.size() - 1)];
            for (int i = 1; i < taken.size(); i++) {
                gaps[i - 1] = taken.get(i) - taken.get(i - 1);
            }
            Arrays.sort(gaps);
            System.out.printf(Locale.ROOT, "| %s | %,d | %d | %.1f ms | **%.1f ms** | %.1f ms | %d (%d) | %,d |%n", tab,
                    measuredEvents / seconds, taken.size(), percentile(gaps, 0.50), percentile(gaps, 0.99),
                    gaps.length == 0 ? 0 : gaps[gaps.length - 1] / 1e6, gcAfter[0] - gcBefore[0],
                    gcAfter[1] - gcBefore[1], dropped.sum() - droppedBefore);
        }
        running.set(false);
        for (Thread worker : workers) {
            worker.join();
        }
        long heapAfter = usedHeap();
        System.out.printf(Locale.ROOT, "%d live allocations kept, %d s warm-up, %d s settle and %d s measured per tab; "
                        + "heap after GC %d MiB -> %d MiB; chart samples %d%n", LIVE, WARM_UP.toSeconds(),
                SETTLE.toSeconds(), RUN.toSeconds(), heapBefore >> 20, heapAfter >> 20, model[0].historySampleCount());
        Platform.runLater(() -> {
            view[0].stop();
            stage[0].hide();
        });
        model[0].close();
        core.close();
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }

    /** Collections so far and their total time in ms, over all collectors. */
    private static long[] gcCountAndMillis() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    private static long usedHeap() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
