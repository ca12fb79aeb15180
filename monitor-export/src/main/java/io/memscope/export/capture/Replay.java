package io.memscope.export.capture;

import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_DST_BIT;
import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_SRC_BIT;

import io.memscope.core.AllocationKind;
import io.memscope.core.AllocatorCore;
import io.memscope.core.AllocatorOptions;
import io.memscope.core.BufferAllocation;
import io.memscope.core.BufferRequest;
import io.memscope.core.DefragmentationAlgorithm;
import io.memscope.core.DefragmentationOptions;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MonitorOptions;
import io.memscope.core.VulkanContext;
import io.memscope.core.event.AllocationCreated;
import io.memscope.core.event.AllocationFreed;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.event.AllocationMoved;
import io.memscope.core.event.DefragmentationFinished;
import io.memscope.core.event.LeakReported;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.event.StatsSampled;
import io.memscope.core.exceptions.InvalidAllocationRequestException;
import io.memscope.core.exceptions.OutOfDeviceMemoryException;
import io.memscope.core.management.JfrEventDecoder.CoreLayout;
import io.memscope.core.stats.DefragmentationResult;
import io.memscope.core.stats.HeapBudget;
import io.memscope.core.stats.MemoryStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Replays a capture's allocation sequence against a real VMA on this machine, with other settings if asked (VMA's
 * removed {@code VmaReplay}, for memscope captures): "what if this frame ran with the memory-optimised strategy, or
 * 64 MiB blocks, or a 4 GiB GPU?".
 *
 * <p><b>What is replayed.</b> One core of the capture: first the allocations live at its start (its first state, in
 * creation order), then every allocation and free in sequence order (a leak freed at the recorded core's close is a
 * free), each through a facade with the captured tag (so per-tag figures compare), the captured memory usage and
 * name, on a fresh {@link AllocatorCore} (events off) with the given strategy, block size and heap limit. No data is
 * written.
 *
 * <p><b>Approximations.</b> The capture does not hold Vulkan usage flags, image formats or extents, custom pools,
 * dedicated-memory requests or alignments, so every allocation is replayed as a buffer of its <em>allocated</em>
 * size (what VMA reserved in the capture, so used bytes match) with the generic usage {@link #GENERIC_BUFFER_USAGE}
 * in VMA's default pools; images are counted ({@link ReplayResult#imagesAsBuffers()}) because a real image may get
 * another memory type, alignment or granularity. A defragmentation run the capture finished is replayed as a run at
 * the same point of the sequence, with the captured algorithm: the replay's VMA chooses its own moves on the replayed
 * placement (with the same settings, the same ones), and both are reported ({@link ReplayResult#defragmentation()});
 * the captured moves themselves are not applied. Allocations that fail (out of device memory, or larger than the limited
 * heap) are counted and their later frees skipped.
 *
 * <p><b>Cost.</b> One allocation or free per step plus {@code getMemoryBudget()} (O(heaps)); full statistics
 * (O(live allocations)) when the block bytes change, every {@link ReplayOptions#statsEvery()} steps and at every
 * sample of the capture. Runs on the calling thread; the core is closed before it returns.
 */
public final class Replay {
    /** The usage of every replayed buffer: {@code STORAGE | TRANSFER_SRC | TRANSFER_DST}. */
    public static final int GENERIC_BUFFER_USAGE = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT
            | VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT;

    private final AllocatorCore core;
    private final ReplayOptions options;
    private final Map<String, MemoryAllocator> facades = new HashMap<>();
    private final Map<Long, BufferAllocation> live = new HashMap<>();
    private final Figures replay = new Figures();
    private final Figures atSamples = new Figures();
    private final List<String> notes = new ArrayList<>();
    private long usedBytes;
    private long lastBlockBytes = -1;
    private long steps;
    private long failed;
    private long images;
    private long unknownFrees;
    private long callNanos;
    private long defragmentations;
    private long replayBytesMoved;
    private long replayAllocationsMoved;

    private Replay(AllocatorCore core, ReplayOptions options) {
        this.core = core;
        this.options = options;
    }

    /**
     * Replays core {@code coreId} of {@code capture} on {@code context}'s device.
     *
     * @throws java.util.NoSuchElementException if the capture holds no such core
     */
    public static ReplayResult run(CaptureReader capture, int coreId, ReplayOptions options, VulkanContext context) {
        CoreInfo info = capture.cores().stream().filter(c -> c.coreId() == coreId).findFirst()
                .orElseThrow(() -> new java.util.NoSuchElementException("the capture holds no core " + coreId));
        @Nullable CoreLayout layout = info.layout();
        long limit = options.heapSizeLimitBytes() == ReplayOptions.AS_CAPTURED
                ? (layout == null ? 0 : layout.heapSizeLimitBytes()) : options.heapSizeLimitBytes();
        ReplayOptions resolved = options.withHeapSizeLimit(limit);
        List<MemoryEvent> events = capture.events(coreId);
        CaptureState initial = capture.stateAtSequence(coreId, events.isEmpty() ? Long.MAX_VALUE
                : events.get(0).sequence() - 1);
        ReplayFigures captured = captureFigures(initial, events);

        AllocatorOptions allocatorOptions = AllocatorOptions.defaults().withHeapSizeLimit(limit)
                .withPreferredLargeHeapBlockSize(options.preferredLargeHeapBlockSize())
                .withMonitor(MonitorOptions.disabled());
        long began = System.nanoTime();
        try (AllocatorCore core = AllocatorCore.create(context, allocatorOptions)) {
            Replay r = new Replay(core, resolved);
            return r.replay(capture, info, initial, events, captured, began, context.getDeviceName());
        }
    }

    private ReplayResult replay(CaptureReader capture, CoreInfo info, CaptureState initial, List<MemoryEvent> events,
                                ReplayFigures captured, long began, String device) {
        for (AllocationInfo a : initial.allocations()) {
            create(a);
        }
        step();
        long allocations = 0;
        long frees = 0;
        long moves = 0;
        long capturedBytesMoved = 0;
        for (MemoryEvent e : events) {
            if (e.sequence() <= initial.sequence()) {
                continue;
            }
            if (e instanceof AllocationCreated c) {
                create(c.allocation());
                allocations++;
                step();
            } else if (e instanceof AllocationFreed f) {
                frees += free(f.allocation().id()) ? 1 : 0;
                step();
            } else if (e instanceof LeakReported l) {
                frees += free(l.leak().id()) ? 1 : 0;
                step();
            } else if (e instanceof AllocationMoved) {
                moves++;
            } else if (e instanceof DefragmentationFinished f) {
                capturedBytesMoved += f.result().bytesMoved();
                defragment(f.result().algorithm());
                step();
            } else if (e instanceof StatsSampled) {
                MemoryStats stats = core.getStats();
                atSamples.used(usedBytes, tagUsed());
                atSamples.stats(stats);
                replay.stats(stats);
            }
        }
        replay.stats(core.getStats());
        long replayNanos = System.nanoTime() - began;
        live.values().forEach(BufferAllocation::close);
        if (images > 0) {
            notes.add(images + " image(s) replayed as buffers of their allocated size: a real image may get another "
                    + "memory type, alignment or placement");
        }
        if (defragmentations > 0) {
            notes.add(defragmentations + " defragmentation run(s) replayed with the captured algorithm where the capture"
                    + " finished them: the capture moved " + capturedBytesMoved + " B in " + moves + " move(s), the replay "
                    + replayBytesMoved + " B in " + replayAllocationsMoved + " (VMA's choice on the replayed placement)");
        } else if (moves > 0) {
            notes.add(moves + " defragmentation move(s) of a run the capture did not finish: not replayed");
        }
        if (!capture.losses().isEmpty()) {
            notes.add("the capture lost events (" + capture.losses().missingEvents() + "): " + unknownFrees
                    + " free(s) of unknown allocations skipped");
        } else if (unknownFrees > 0) {
            notes.add(unknownFrees + " free(s) of allocations that failed in the replay skipped");
        }
        if (!info.deviceName().equals(device)) {
            notes.add("captured on " + info.deviceName() + ", replayed on " + device
                    + ": memory types, alignments and block sizes may differ");
        }
        return new ReplayResult(info.coreId(), info.deviceName(), device, options, captured,
                atSamples.figures(failed), replay.figures(failed), initial.allocations().size(), allocations, frees, images,
                new ReplayResult.Defragmentation(defragmentations, moves, capturedBytesMoved, replayAllocationsMoved,
                        replayBytesMoved), unknownFrees, replayNanos, callNanos, notes);
    }

    private void create(AllocationInfo a) {
        MemoryAllocator facade = facades.computeIfAbsent(a.tag(), tag -> {
            MemoryAllocator f = core.allocator(tag);
            f.setAllocationStrategy(options.strategy());
            return f;
        });
        if (a.kind() == AllocationKind.IMAGE) {
            images++;
        }
        BufferRequest request = BufferRequest.of(Math.max(1, a.allocatedBytes()), GENERIC_BUFFER_USAGE,
                a.memoryUsage()).named(a.name());
        long t0 = System.nanoTime();
        try {
            BufferAllocation buffer = facade.allocateBuffer(request);
            callNanos += System.nanoTime() - t0;
            live.put(a.id(), buffer);
            usedBytes += buffer.getAllocatedSize();
            replay.tagDelta(a.tag(), buffer.getAllocatedSize());
        } catch (OutOfDeviceMemoryException | InvalidAllocationRequestException e) {
            callNanos += System.nanoTime() - t0;
            if (failed++ == 0) {
                notes.add("first failed allocation: " + e.getMessage());
            }
        }
    }

    /** Defragments the replay now with {@code algorithm} (the captured name; FULL if this VMA has no such one). */
    private void defragment(String algorithm) {
        DefragmentationAlgorithm chosen;
        try {
            chosen = DefragmentationAlgorithm.valueOf(algorithm.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            chosen = DefragmentationAlgorithm.FULL;
            notes.add("unknown captured defragmentation algorithm '" + algorithm + "': replayed as FULL");
        }
        long t0 = System.nanoTime();
        DefragmentationResult result = core.defragment(DefragmentationOptions.of(chosen));
        callNanos += System.nanoTime() - t0;
        defragmentations++;
        replayBytesMoved += result.bytesMoved();
        replayAllocationsMoved += result.allocationsMoved();
    }

    private boolean free(long id) {
        @Nullable BufferAllocation buffer = live.remove(id);
        if (buffer == null) {
            unknownFrees++;
            return false;
        }
        long size = buffer.getAllocatedSize();
        long t0 = System.nanoTime();
        buffer.close();
        callNanos += System.nanoTime() - t0;
        usedBytes -= size;
        replay.tagDelta(buffer.getTag(), -size);
        return true;
    }

    /** After an allocation or free: used and block bytes; full statistics when blocks changed or every N steps. */
    private void step() {
        replay.used(usedBytes, null);
        long blockBytes = 0;
        for (HeapBudget heap : core.getMemoryBudget().heaps()) {
            blockBytes += heap.blockBytes();
        }
        replay.blockBytes(blockBytes);
        steps++;
        if (blockBytes != lastBlockBytes || steps % options.statsEvery() == 0) {
            replay.stats(core.getStats());
            lastBlockBytes = blockBytes;
        }
    }

    private Map<String, Long> tagUsed() {
        return replay.tagNow;
    }

    /** The capture's figures: used bytes from its ledger after every event, the rest from its samples. */
    static ReplayFigures captureFigures(CaptureState initial, List<MemoryEvent> events) {
        Figures f = new Figures();
        Map<Long, AllocationInfo> ledger = new HashMap<>();
        long used = 0;
        for (AllocationInfo a : initial.allocations()) {
            ledger.put(a.id(), a);
            used += a.allocatedBytes();
            f.tagDelta(a.tag(), a.allocatedBytes());
        }
        f.used(used, null);
        for (MemoryEvent e : events) {
            if (e.sequence() <= initial.sequence()) {
                continue;
            }
            @Nullable AllocationInfo gone = null;
            if (e instanceof AllocationCreated c) {
                ledger.put(c.allocation().id(), c.allocation());
                used += c.allocation().allocatedBytes();
                f.tagDelta(c.allocation().tag(), c.allocation().allocatedBytes());
            } else if (e instanceof AllocationFreed fr) {
                gone = ledger.remove(fr.allocation().id());
            } else if (e instanceof LeakReported l) {
                gone = ledger.remove(l.leak().id());
            } else if (e instanceof StatsSampled s) {
                f.stats(s.stats());
            }
            if (gone != null) {
                used -= gone.allocatedBytes();
                f.tagDelta(gone.tag(), -gone.allocatedBytes());
            }
            f.used(used, null);
        }
        return f.figures(-1);
    }

    /** Running peaks. */
    private static final class Figures {
        final Map<String, Long> tagNow = new HashMap<>();
        final Map<String, Long> tagPeak = new HashMap<>();
        long peakBlockBytes = -1;
        long peakUsed;
        long finalUsed;
        double peakFragmentation = Double.NaN;
        double finalFragmentation = Double.NaN;
        long peakBlocks = -1;
        long finalBlocks = -1;
        long measurements;

        void tagDelta(String tag, long delta) {
            long now = tagNow.merge(tag, delta, Long::sum);
            tagPeak.merge(tag, now, Math::max);
        }

        void used(long bytes, @Nullable Map<String, Long> tags) {
            peakUsed = Math.max(peakUsed, bytes);
            finalUsed = bytes;
            if (tags != null) {
                tags.forEach((tag, now) -> tagPeak.merge(tag, now, Math::max));
            }
        }

        void blockBytes(long bytes) {
            peakBlockBytes = Math.max(peakBlockBytes, bytes);
        }

        void stats(MemoryStats stats) {
            measurements++;
            blockBytes(stats.totalBytes());
            peakBlocks = Math.max(peakBlocks, stats.blockCount());
            finalBlocks = stats.blockCount();
            double fragmentation = stats.fragmentationRatio();
            peakFragmentation = Double.isNaN(peakFragmentation) ? fragmentation
                    : Math.max(peakFragmentation, fragmentation);
            finalFragmentation = fragmentation;
        }

        ReplayFigures figures(long failed) {
            return new ReplayFigures(peakBlockBytes, peakUsed, finalUsed, peakFragmentation, finalFragmentation,
                    peakBlocks, finalBlocks, failed, measurements, tagPeak);
        }
    }
}
