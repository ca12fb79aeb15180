package io.memscope.benchmarks;

import io.memscope.core.CallStacks;
import io.memscope.core.CaptureOptions;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.event.AllocationCreated;
import io.memscope.core.event.AllocationFreed;
import io.memscope.core.management.JfrEventDecoder;
import io.memscope.core.management.MemoryMonitorClient;
import io.reactivex.rxjava3.disposables.Disposable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.management.MBeanServer;
import jdk.jfr.Recording;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * memscope's allocate+free and the raw LWJGL VMA calls making the very same buffers, <em>interleaved in one
 * fork</em>: each invocation runs one batch of {@value #BATCH} raw buffers and one batch through memscope
 * (alternating which goes first) and times each half with {@link System#nanoTime()}. The halves' times are
 * JMH secondary metrics ({@code rawNanos}, {@code memscopeNanos}); their ratio compares the two under the same
 * JIT state, CPU placement and neighbours, which fork-to-fork noise on shared VMs (±30 % between forks on
 * the h100 VM) otherwise buries. {@code benchmarks/interleaved-ratio.py} turns the JSON into per-fork ratios.
 *
 * <p>The raw half creates exactly the buffer memscope creates: STORAGE plus the TRANSFER_SRC|TRANSFER_DST usage
 * memscope adds so defragmentation can copy it, on its own {@link RawVmaAllocator} of the same device (memscope's
 * allocator is externally synchronised under memscope's lock; the raw one synchronises itself, see {@link #raw}). With {@code monitoring=subscribed} the memscope half is timed
 * while the subscriber's threads work, and the untimed gap after it waits until the subscriber has received the
 * half's events, so their work cannot spill into the raw half. {@code monitoring} is as in
 * {@link AllocateFreeBenchmark}, plus {@code jfr}: subscribed, and a Flight Recorder recording enables memscope's
 * events, so the JFR bridge commits one JFR event per allocation event on a delivery thread (an attached
 * monitor's cost in the target; its reading of the stream happens in the monitor's process). {@code stacks}: {@code jfr}
 * plus the call stack of every allocation ({@code memscope.AllocationSite} with JFR's stack trace, committed on the
 * allocating thread: {@code CallStacks.all()}); {@code stacks16}: {@code jfr} plus every 16th allocation's stack
 * ({@code CallStacks.sampled(16)}). {@code capture}: subscribed, and a capture runs
 * ({@code MemoryMonitor.startCapture}: the bridge batches allocations into {@code memscope.AllocationRecords} and
 * commits them to a file on a delivery thread; the cost a recorded process pays).
 *
 * <p>The heap is fixed and pre-touched: in a fresh JVM whose heap is still growing, the first write to each new
 * heap page is a page fault (the kernel zeroes the page), and only memscope's half allocates Java objects, so
 * it alone paid for the JVM warming its heap (ratio 1.34 instead of 1.13 on dev). A long-running engine's heap
 * has long been touched.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class InterleavedAllocateFreeBenchmark {
    static final int BATCH = 64;

    @Param({"off", "idle", "subscribed", "jfr", "capture", "stacks", "stacks16"})
    public String monitoring;

    /**
     * The raw half's allocator: {@code internal} = VMA's default, thread-safe through its own mutexes (the same
     * work memscope's lock does: the comparison that counts); {@code unsynchronized} = created externally
     * synchronised and used without any lock (not thread-safe; the floor).
     */
    @Param({"internal"})
    public String raw;

    private DeviceState device;
    private MemoryAllocator allocator;
    private RawVmaAllocator rawAllocator;
    private long vma;
    private final BufferBatches batches = new BufferBatches(BATCH);
    private final LongAdder received = new LongAdder();
    private long expected;
    private long invocations;
    private @Nullable Disposable subscription;
    private @Nullable Recording recording;
    private @Nullable Path captureFile;

    @Setup(Level.Trial)
    public void setUp() {
        device = new DeviceState(DeviceState.monitoring(monitoring));
        boolean stacks = monitoring.startsWith("stacks");
        if (monitoring.equals("jfr") || stacks) {
            Recording r = new Recording(); // to disk, as RemoteRecordingStream's recording in the target
            recording = r;
            JfrEventDecoder.eventNames().forEach(r::enable);
            if (stacks) {
                Map<String, String> settings = new HashMap<>(r.getSettings());
                settings.putAll((monitoring.equals("stacks") ? CallStacks.all() : CallStacks.sampled(16)).jfrSettings());
                r.setSettings(settings);
            }
            r.start();
            awaitJfrBridge();
        }
        if (monitoring.equals("capture")) { // what -Dmemscope.capture / run --capture do: batched allocation records
            try {
                Path file = Files.createTempFile("memscope-benchmark-", ".jfr");
                captureFile = file;
                device.core.monitor().startCapture(file, CaptureOptions.defaults());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            awaitJfrBridge();
        }
        if (monitoring.equals("subscribed") || monitoring.equals("jfr") || monitoring.equals("capture") || stacks) {
            subscription = device.core.monitor().events().subscribe(event -> {
                if (event instanceof AllocationCreated || event instanceof AllocationFreed) {
                    received.increment();
                }
            });
        }
        allocator = device.core.allocator("Benchmark");
        rawAllocator = new RawVmaAllocator(device.context,
                raw.equals("unsynchronized") ? RawVmaAllocator.Sync.UNSYNCHRONIZED : RawVmaAllocator.Sync.INTERNAL);
        vma = rawAllocator.handle;
    }

    /** Fails the trial unless the core's JFR bridge subscribed (a {@code jfr} figure must include its work). */
    private void awaitJfrBridge() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        MemoryMonitorClient client = MemoryMonitorClient.of(server, MemoryMonitorClient.find(server).get(0));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!client.bean().isJfrBridgeActive()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the JFR bridge did not subscribe within 10 s of the recording's start");
            }
            Thread.onSpinWait();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (recording != null) {
            recording.close();
        }
        Path file = captureFile;
        if (file != null) {
            device.core.monitor().stopCapture();
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        rawAllocator.close();
        device.close();
    }

    /** Score: time per buffer over both halves; the figures that matter are the two secondary metrics. */
    @Benchmark
    @OperationsPerInvocation(2 * BATCH)
    public void pair(Halves halves, Blackhole bh) {
        if ((invocations++ & 1) == 0) {
            halves.rawNanos += rawHalf(bh);
            halves.memscopeNanos += memscopeHalf(bh);
        } else {
            halves.memscopeNanos += memscopeHalf(bh);
            halves.rawNanos += rawHalf(bh);
        }
    }

    // Each half is its own compilation unit, as each standalone benchmark method is: inlined into pair() together
    // they would share one inlining budget.
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private long rawHalf(Blackhole bh) {
        long start = System.nanoTime();
        batches.rawCreateThenDestroy(vma, BufferBatches.SAME_BUFFER_USAGE, bh);
        return System.nanoTime() - start;
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private long memscopeHalf(Blackhole bh) {
        long start = System.nanoTime();
        batches.memscopeAllocateThenFree(allocator, bh);
        long elapsed = System.nanoTime() - start;
        if (subscription != null) {
            expected += 2 * BATCH;
            while (received.sum() < expected) { // untimed: the subscriber catches up before the raw half
                Thread.onSpinWait();
            }
        }
        return elapsed;
    }

    /** Time spent in each half, in nanoseconds, summed over an iteration. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Halves {
        public long rawNanos;
        public long memscopeNanos;

        @Setup(Level.Iteration)
        public void reset() {
            rawNanos = 0;
            memscopeNanos = 0;
        }
    }
}
