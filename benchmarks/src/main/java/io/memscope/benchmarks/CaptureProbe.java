package io.memscope.benchmarks;

import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

import io.memscope.core.AllocatorCore;
import io.memscope.core.AllocatorOptions;
import io.memscope.core.BufferAllocation;
import io.memscope.core.CaptureOptions;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryUsage;
import io.memscope.core.MonitorOptions;
import io.memscope.core.OverflowPolicy;
import io.memscope.core.VulkanContext;
import io.memscope.export.capture.CaptureMonitor;
import io.memscope.export.capture.CaptureReader;
import io.memscope.export.capture.PerfettoExport;
import io.memscope.export.capture.Replay;
import io.memscope.export.capture.ReplayOptions;
import io.memscope.export.capture.ReplayResult;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Random;

/**
 * The capture figures of issue 15 on a real device, in two JVMs so the reader's heap is its own:
 * {@code write FILE PAIRS LIVE} records {@code PAIRS} allocate+free pairs (256 B buffers, {@code LIVE} live at a time,
 * lossless) into a capture and prints the bytes per memory event and the rate; {@code read FILE} opens it and prints
 * the open time, the heap after a full GC, the worst of 50 jumps ({@code stateAt} at random times), a
 * {@link CaptureMonitor} over it, a streaming Perfetto export ({@code EXPORT_DIR}, optional) and a replay against
 * this machine's VMA with its speed. Usage: {@code java -cp benchmarks.jar io.memscope.benchmarks.CaptureProbe write
 * FILE 5000000 1000}, then {@code java -Xmx1536m -cp benchmarks.jar ... CaptureProbe read FILE [EXPORT_DIR]}.
 */
public final class CaptureProbe {
    private CaptureProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 4 && args[0].equals("write")) {
            write(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        } else if (args.length >= 2 && args[0].equals("read")) {
            read(Path.of(args[1]), args.length > 2 ? Path.of(args[2]) : null);
        } else {
            System.err.println("usage: CaptureProbe write FILE PAIRS LIVE | read FILE [EXPORT_DIR]");
            System.exit(2);
        }
    }

    private static void write(Path file, int pairs, int liveCount) throws Exception {
        try (VulkanContext context = VulkanContext.create();
             AllocatorCore core = AllocatorCore.create(context, AllocatorOptions.defaults().withMonitor(
                     MonitorOptions.defaults().withOverflowPolicy(OverflowPolicy.LOSSLESS)))) {
            MemoryAllocator allocator = core.allocator("Probe");
            Deque<BufferAllocation> live = new ArrayDeque<>();
            core.monitor().startCapture(file, CaptureOptions.defaults().withMaxSizeBytes(4L << 30));
            long began = System.nanoTime();
            for (int i = 0; i < pairs; i++) {
                live.add(allocator.allocateBuffer(256, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY));
                if (live.size() > liveCount) {
                    live.removeFirst().close();
                }
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            core.monitor().stopCapture();
            live.forEach(BufferAllocation::close);
            long bytes = Files.size(file);
            System.out.printf(Locale.ROOT, "write: %d pairs in %.1f s (%.0f allocate+free pairs/s) on %s; file %d B = "
                    + "%.1f B per memory event (whole file)%n", pairs, seconds, pairs / seconds, context.getDeviceName(),
                    bytes, bytes / (2.0 * pairs));
        }
    }

    private static void read(Path file, @org.jspecify.annotations.Nullable Path exportDir) throws Exception {
        long t0 = System.nanoTime();
        CaptureReader reader = CaptureReader.open(file);
        long openMillis = (System.nanoTime() - t0) / 1_000_000;
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf(Locale.ROOT, "read: open %d ms, heap after GC %d MiB (max %d MiB), %s%n", openMillis,
                heap >> 20, Runtime.getRuntime().maxMemory() >> 20, reader.summary());
        reader.losses().unreadable().forEach(u -> System.out.println("read: unreadable: " + u));
        int coreId = reader.firstCore();
        Duration span = Duration.between(reader.start(), reader.end());
        Random random = new Random(1);
        long worst = 0;
        for (int i = 0; i < 50; i++) {
            Instant t = reader.start().plus(span.multipliedBy(random.nextInt(1001)).dividedBy(1000));
            long s = System.nanoTime();
            reader.stateAt(coreId, t);
            worst = Math.max(worst, System.nanoTime() - s);
        }
        System.out.printf(Locale.ROOT, "read: stateAt worst of 50 random moments %.1f ms%n", worst / 1e6);
        long s = System.nanoTime();
        try (CaptureMonitor monitor = new CaptureMonitor(reader, coreId, file)) {
            monitor.moveTo(reader.start().plus(span.dividedBy(3)));
            System.out.printf(Locale.ROOT, "read: CaptureMonitor created and moved in %d ms%n",
                    (System.nanoTime() - s) / 1_000_000);
        }
        if (exportDir != null) {
            Files.createDirectories(exportDir);
            PerfettoExport.Result result = PerfettoExport.write(reader, exportDir.resolve("trace.json"));
            System.out.printf(Locale.ROOT, "export: %d allocations into %d file(s) in %d ms%n", result.allocations(),
                    result.files().size(), result.nanos() / 1_000_000);
            result.files().forEach(f -> f.path().toFile().delete());
        }
        try (VulkanContext context = VulkanContext.create()) {
            ReplayResult r = Replay.run(reader, coreId, ReplayOptions.defaults(), context);
            System.out.printf(Locale.ROOT, "replay: %d operations at %.0f/s overall, %.0f/s in the VMA calls; peak used "
                    + "%d B (capture %d B), peak blocks %d B (capture %d B)%n",
                    r.initialAllocations() + r.allocations() + r.frees(), r.operationsPerSecond(), r.callsPerSecond(),
                    r.replay().peakUsedBytes(), r.capture().peakUsedBytes(), r.replay().peakBlockBytes(),
                    r.capture().peakBlockBytes());
        }
    }
}
