package io.memscope.benchmarks;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.util.vma.Vma.vmaCreateBuffer;
import static org.lwjgl.util.vma.Vma.vmaDestroyBuffer;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_SHARING_MODE_EXCLUSIVE;
import static org.lwjgl.vulkan.VK10.VK_SUCCESS;

import io.memscope.core.BufferAllocation;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryUsage;
import io.memscope.core.MonitorOptions;
import io.memscope.core.OverflowPolicy;
import io.reactivex.rxjava3.disposables.Disposable;
import java.time.Duration;
import java.nio.LongBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.util.vma.VmaAllocationCreateInfo;
import org.lwjgl.util.vma.VmaAllocationInfo;
import org.lwjgl.vulkan.VkBufferCreateInfo;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
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
 * Allocate-then-free of {@value #BATCH} GPU_ONLY storage buffers whose sizes come from one fixed sequence
 * (64 B to 256 KiB): raw {@code vmaCreateBuffer}/{@code vmaDestroyBuffer} against
 * {@link MemoryAllocator#allocateBuffer} and {@link BufferAllocation#close()} on the same VmaAllocator.
 * Both pass the same create infos (VMA_MEMORY_USAGE_AUTO_PREFER_DEVICE) and ask for the allocation info.
 * Score: time per buffer (allocate + free).
 *
 * <p>{@code monitoring}: {@code off} = allocation events disabled ({@link MonitorOptions#disabled()});
 * {@code idle} = enabled, nobody subscribed; {@code subscribed} = enabled, lossless, one subscriber that
 * receives every event (two per buffer) on its own thread. The raw baseline ignores it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AllocateFreeBenchmark {
    static final int BATCH = 64;

    private DeviceState device;
    private MemoryAllocator allocator;
    private long vma;
    private final long[] sizes = new long[BATCH];
    private final long[] rawBuffers = new long[BATCH];
    private final long[] rawAllocations = new long[BATCH];
    private final BufferAllocation[] handles = new BufferAllocation[BATCH];
    private final LongAdder received = new LongAdder();
    private @Nullable Disposable subscription;

    @Param({"off", "idle", "subscribed"})
    public String monitoring;

    @Setup(Level.Trial)
    public void setUp() {
        MonitorOptions options = switch (monitoring) {
            case "off" -> MonitorOptions.disabled();
            case "idle" -> MonitorOptions.defaults();
            case "subscribed" -> MonitorOptions.defaults().withOverflowPolicy(OverflowPolicy.LOSSLESS);
            default -> throw new IllegalArgumentException("monitoring=" + monitoring);
        };
        device = new DeviceState(options.withSampleInterval(Duration.ZERO));
        if (monitoring.equals("subscribed")) {
            subscription = device.core.monitor().events().subscribe(event -> received.increment());
        }
        allocator = device.core.allocator("Benchmark");
        vma = device.core.getVmaAllocator();
        Random random = new Random(20261124);
        for (int i = 0; i < BATCH; i++) {
            sizes[i] = 64L << random.nextInt(13);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        device.close();
        if (subscription != null && received.sum() == 0) {
            throw new IllegalStateException("the subscriber received no events");
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void rawVma(Blackhole bh) {
        for (int i = 0; i < BATCH; i++) {
            // One stack frame and fresh create infos per buffer, as code that allocates one buffer at a time has.
            try (MemoryStack stack = stackPush()) {
                VkBufferCreateInfo bufferInfo = VkBufferCreateInfo.calloc(stack).sType$Default()
                        .size(sizes[i]).usage(VK_BUFFER_USAGE_STORAGE_BUFFER_BIT).sharingMode(VK_SHARING_MODE_EXCLUSIVE);
                VmaAllocationCreateInfo createInfo = VmaAllocationCreateInfo.calloc(stack)
                        .usage(MemoryUsage.GPU_ONLY.vmaUsage()).flags(MemoryUsage.GPU_ONLY.hostAccessFlags());
                LongBuffer pBuffer = stack.mallocLong(1);
                PointerBuffer pAllocation = stack.mallocPointer(1);
                VmaAllocationInfo info = VmaAllocationInfo.malloc(stack);
                if (vmaCreateBuffer(vma, bufferInfo, createInfo, pBuffer, pAllocation, info) != VK_SUCCESS) {
                    throw new IllegalStateException("vmaCreateBuffer failed");
                }
                rawBuffers[i] = pBuffer.get(0);
                rawAllocations[i] = pAllocation.get(0);
                bh.consume(info.offset());
            }
        }
        for (int i = 0; i < BATCH; i++) {
            vmaDestroyBuffer(vma, rawBuffers[i], rawAllocations[i]);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void memscope(Blackhole bh) {
        for (int i = 0; i < BATCH; i++) {
            handles[i] = allocator.allocateBuffer(sizes[i], VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage.GPU_ONLY);
            bh.consume(handles[i].getOffset());
        }
        for (int i = 0; i < BATCH; i++) {
            handles[i].close();
        }
    }
}
