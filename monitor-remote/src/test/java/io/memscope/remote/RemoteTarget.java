package io.memscope.remote;

import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_DST_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_SRC_BIT;

import io.memscope.core.AllocatorCore;
import io.memscope.core.AllocatorOptions;
import io.memscope.core.BufferAllocation;
import io.memscope.core.BufferRequest;
import io.memscope.core.GpuTransfers;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryUsage;
import io.memscope.core.MonitorOptions;
import io.memscope.core.OverflowPolicy;
import io.memscope.core.TestPatterns;
import io.memscope.core.VulkanContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.lwjgl.system.MemoryUtil;

/**
 * A memscope JVM the tests drive through standard input: opens one {@link AllocatorCore} on the Vulkan device
 * (lavapipe here), prints {@code ready <Vulkan device name>}, then runs one command per line and answers {@code ok <command>}
 * when it is done:
 * <ul>
 *   <li>{@code alloc N SIZE TAG} — N GPU-only buffers of SIZE bytes through the allocator tagged TAG (every tenth named)</li>
 *   <li>{@code batch N SIZE TAG} — the same in one {@code allocateBufferBatch} (fast)</li>
 *   <li>{@code data N SIZE TAG} — N buffers filled with a known pattern (uploaded through a staging buffer)</li>
 *   <li>{@code free N} — frees the N oldest buffers; {@code freeodd} frees every other one</li>
 *   <li>{@code churn N} — N times: allocate one small buffer, free it</li>
 *   <li>{@code paced N MILLIS} — N buffers, one every MILLIS ms (for latency)</li>
 *   <li>{@code ledger} — prints {@code ledger <LedgerSummary of the core's own live allocations>}</li>
 *   <li>{@code verify} — reads every pattern-filled buffer back: {@code verify ok N} or {@code verify bad ID}</li>
 *   <li>{@code exit} — closes the core and exits</li>
 * </ul>
 * Arguments: {@code [bufferCapacity [overflowPolicy [token]]]} for the core's monitor (the token only marks the
 * command line, for {@code LocalJvms}' display name).
 */
public final class RemoteTarget {
    private static final int USAGE = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT
            | VK_BUFFER_USAGE_TRANSFER_SRC_BIT;

    private final AllocatorCore core;
    private final Map<String, MemoryAllocator> allocators = new HashMap<>();
    private final Deque<BufferAllocation> buffers = new ArrayDeque<>();
    private final Map<BufferAllocation, byte[]> patterns = new HashMap<>();
    private final GpuTransfers transfers;
    private int named;

    private RemoteTarget(AllocatorCore core) {
        this.core = core;
        this.transfers = new GpuTransfers(core.allocator("Staging"));
    }

    public static void main(String[] args) throws Exception {
        int capacity = args.length > 0 ? Integer.parseInt(args[0]) : 1 << 16;
        OverflowPolicy policy = args.length > 1 ? OverflowPolicy.valueOf(args[1]) : OverflowPolicy.DROP_OLDEST;
        try (VulkanContext context = VulkanContext.create();
             AllocatorCore core = AllocatorCore.create(context, AllocatorOptions.defaults()
                     .withPreferredLargeHeapBlockSize(1 << 20)
                     .withMonitor(MonitorOptions.defaults().withBufferCapacity(capacity).withOverflowPolicy(policy)))) {
            RemoteTarget target = new RemoteTarget(core);
            System.out.println("ready " + context.getDeviceName());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] words = line.trim().split("\\s+");
                if (words[0].equals("exit")) {
                    break;
                }
                String answer = target.run(words);
                System.out.println(answer);
                System.out.flush();
            }
            target.buffers.forEach(BufferAllocation::close);
        }
    }

    private String run(String[] w) {
        switch (w[0]) {
            case "alloc" -> {
                for (int i = 0; i < Integer.parseInt(w[1]); i++) {
                    buffers.add(allocator(w[3]).allocateBuffer(BufferRequest.of(Long.parseLong(w[2]), USAGE,
                            MemoryUsage.GPU_ONLY).named(named++ % 10 == 0 ? "buffer " + named : null)));
                }
            }
            case "batch" -> {
                long[] sizes = new long[Integer.parseInt(w[1])];
                Arrays.fill(sizes, Long.parseLong(w[2]));
                buffers.addAll(allocator(w[3]).allocateBufferBatch(sizes, USAGE, MemoryUsage.GPU_ONLY));
            }
            case "data" -> {
                int size = Integer.parseInt(w[2]);
                for (int i = 0; i < Integer.parseInt(w[1]); i++) {
                    BufferAllocation buffer = allocator(w[3]).allocateBuffer(size, USAGE, MemoryUsage.GPU_ONLY);
                    byte[] pattern = TestPatterns.pattern(size, buffers.size() * 31 + 7);
                    ByteBuffer data = MemoryUtil.memAlloc(size).put(pattern).flip();
                    try {
                        transfers.upload(data, buffer);
                    } finally {
                        MemoryUtil.memFree(data);
                    }
                    buffers.add(buffer);
                    patterns.put(buffer, pattern);
                }
            }
            case "free" -> {
                for (int i = 0; i < Integer.parseInt(w[1]) && !buffers.isEmpty(); i++) {
                    close(buffers.removeFirst());
                }
            }
            case "freeodd" -> {
                boolean odd = false;
                for (Iterator<BufferAllocation> it = buffers.iterator(); it.hasNext(); odd = !odd) {
                    BufferAllocation buffer = it.next();
                    if (odd) {
                        it.remove();
                        close(buffer);
                    }
                }
            }
            case "churn" -> {
                for (int i = 0; i < Integer.parseInt(w[1]); i++) {
                    allocator("Churn").allocateBuffer(256, USAGE, MemoryUsage.GPU_ONLY).close();
                }
            }
            case "paced" -> {
                for (int i = 0; i < Integer.parseInt(w[1]); i++) {
                    buffers.add(allocator("Paced").allocateBuffer(1024, USAGE, MemoryUsage.GPU_ONLY));
                    sleep(Long.parseLong(w[2]));
                }
            }
            case "closecore" -> { // frees everything and closes the core; the JVM runs on
                buffers.forEach(this::close);
                buffers.clear();
                core.close();
            }
            case "ledger" -> {
                return "ledger " + LedgerSummary.of(core.monitor().getLiveAllocations());
            }
            case "verify" -> {
                for (Map.Entry<BufferAllocation, byte[]> e : patterns.entrySet()) {
                    if (!Arrays.equals(transfers.readBack(e.getKey()), e.getValue())) {
                        return "verify bad " + e.getKey().getId();
                    }
                }
                return "verify ok " + patterns.size();
            }
            default -> {
                return "unknown " + w[0];
            }
        }
        return "ok " + w[0];
    }

    private MemoryAllocator allocator(String tag) {
        return allocators.computeIfAbsent(tag, core::allocator);
    }

    private void close(BufferAllocation buffer) {
        patterns.remove(buffer);
        buffer.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
