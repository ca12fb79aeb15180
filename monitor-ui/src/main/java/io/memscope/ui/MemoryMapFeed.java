package io.memscope.ui;

import io.memscope.core.event.AllocationEvent;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.event.AllocationMoved;
import io.memscope.core.event.DefragmentationFinished;
import io.memscope.core.event.DefragmentationStarted;
import io.memscope.core.event.EventsDropped;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.stats.MemoryBlock;
import io.memscope.core.MemoryMap;
import io.memscope.export.MemoryMapLayout;
import io.memscope.export.MemoryMapPng;
import io.memscope.export.TagColors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the memory map view's picture current without ever costing the FX thread more than handing over a result:
 * the stream's thread only marks the map stale (and keeps a defragmentation's moves); {@link #poll}, called on each
 * FX pulse, starts a refresh on the feed's own thread at most every {@code interval}, and only while the map is
 * shown and something changed (allocations, a defragmentation, a capture's moment, the view's width). That thread
 * reads the map ({@code MemoryMonitor.getMemoryMap()}: O(n) under the core's allocation lock), lays it out
 * ({@link MemoryMapLayout}) and leaves one immutable {@link Frame}; the next pulse takes it. One refresh at a time;
 * requests meanwhile coalesce. The interval stretches to {@value #COST_FACTOR} times what the last refresh took and to
 * 10 µs per allocation of the last map (a second at 100 k allocations, like the allocation table), so that a large map (100 k allocations: tens of milliseconds and megabytes of garbage per read) takes a bounded share
 * of the machine (about 1/{@value #COST_FACTOR} of a core) rather than competing with the workload and the FX
 * thread.
 *
 * <p>A defragmentation is shown before and after: the moves ({@code AllocationMoved}: each allocation's placement
 * before and after) between its start and finish are kept (at most {@value #MAX_MOVES}), and the map before it is
 * the map after it with the moved allocations put back.
 *
 * <p>Thread-safe: {@link #onEvent} from the stream's thread, {@link #poll} and the setters from the FX thread.
 */
final class MemoryMapFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryMapFeed.class);
    /** Moves kept per defragmentation at most; beyond, the "before" picture is not offered. */
    static final int MAX_MOVES = 200_000;
    /** Refreshes start at most every {@code COST_FACTOR} × the last one's duration. */
    static final int COST_FACTOR = 8;
    /** And at most every 10 µs per allocation in the last map: once a second at 100 k allocations. */
    static final long NANOS_PER_ALLOCATION = 10_000;

    /**
     * What the view draws.
     *
     * @param layout the map now
     * @param before the map before the last defragmentation (same width), or null
     * @param moved ids of the allocations the last defragmentation moved
     * @param defragmentation the last defragmentation in words, or empty
     */
    record Frame(MemoryMapLayout layout, @Nullable MemoryMapLayout before, Set<Long> moved, String defragmentation) {
    }

    private final Supplier<MemoryMap> source;
    /** The dashboard's tag colours, shared with its tag table: extended atomically by whoever sees a new tag first. */
    private final java.util.concurrent.atomic.AtomicReference<TagColors> colorsShared;
    private final long intervalNanos;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "memscope-memory-map");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean stale = new AtomicBoolean(true);
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicInteger width = new AtomicInteger(1000);
    private volatile boolean shown;
    private volatile @Nullable Frame pending;
    private volatile long lastCostNanos;
    private volatile long lastAllocations;
    private long lastStart = Long.MIN_VALUE / 2;
    private int laidOutWidth = -1;

    // defragmentation, written by the stream's thread
    private final ConcurrentLinkedQueue<AllocationMoved> moves = new ConcurrentLinkedQueue<>();
    private final AtomicInteger moveCount = new AtomicInteger();
    private volatile boolean collecting;
    private volatile @Nullable DefragmentationFinished finished;
    private volatile long defragStartMillis;

    // worker-thread state
    private @Nullable MemoryMap last;
    private @Nullable MemoryMapLayout before;
    private Set<Long> movedIds = Set.of();
    private String defragText = "";

    /**
     * @param source reads the map (on the feed's thread)
     * @param intervalNanos the shortest time between two refreshes' starts
     * @param colors the dashboard's tag colours (extended here with the map's tags)
     */
    MemoryMapFeed(Supplier<MemoryMap> source, long intervalNanos,
                  java.util.concurrent.atomic.AtomicReference<TagColors> colors) {
        this.source = source;
        this.colorsShared = colors;
        this.intervalNanos = intervalNanos;
    }

    /** The stream's thread: marks the map stale on allocation events, keeps a defragmentation's moves. */
    void onEvent(MemoryEvent event) {
        if (event instanceof AllocationEvent) {
            stale.set(true);
            if (collecting && event instanceof AllocationMoved moved && moveCount.incrementAndGet() <= MAX_MOVES) {
                moves.add(moved);
            }
        } else if (event instanceof DefragmentationStarted started) {
            moves.clear();
            moveCount.set(0);
            defragStartMillis = started.header().epochMillis();
            collecting = true;
        } else if (event instanceof DefragmentationFinished done) {
            collecting = false;
            finished = done;
            stale.set(true);
        } else if (event instanceof EventsDropped) {
            stale.set(true);
        }
    }

    /** Marks the map stale (a capture's moment moved). Any thread. */
    void invalidate() {
        stale.set(true);
    }

    /** Whether the map is on screen: refreshes run only then. FX thread. */
    void setShown(boolean shown) {
        this.shown = shown;
    }

    /** The view's width in pixels; a change lays the last map out again. FX thread. */
    void setWidth(int pixels) {
        width.set(Math.max(MemoryMapLayout.MIN_WIDTH, pixels));
    }

    /**
     * FX pulse: returns the frame finished since the last call (or null) and starts a refresh when one is due.
     * O(1).
     */
    @Nullable Frame poll(long nowNanos) {
        Frame frame = pending;
        if (frame != null) {
            pending = null;
        }
        boolean resized = width.get() != laidOutWidth;
        if (shown && (stale.get() || resized) && nowNanos - lastStart >= Math.max(intervalNanos,
                Math.max(COST_FACTOR * lastCostNanos, NANOS_PER_ALLOCATION * lastAllocations))
                && running.compareAndSet(false, true)) {
            lastStart = nowNanos;
            laidOutWidth = width.get();
            boolean reread = stale.getAndSet(false) || last == null;
            int w = laidOutWidth;
            worker.execute(() -> refresh(reread, w));
        }
        return frame;
    }

    /** Reads (if {@code reread}) and lays out the map on the feed's thread, for {@link #poll} to hand over. */
    private void refresh(boolean reread, int w) {
        long began = System.nanoTime();
        try {
            MemoryMap previous = last;
            MemoryMap map = reread || previous == null ? source.get() : previous;
            TagColors colors = colorsShared.updateAndGet(c -> c.withTags(MemoryMapPng.tagsOf(map)));
            DefragmentationFinished done = finished;
            if (done != null && reread) {
                finished = null;
                List<AllocationMoved> moved = new ArrayList<>(moves);
                moves.clear();
                MemoryMap beforeMap = moved.size() < MAX_MOVES ? before(map, previous, moved) : null;
                movedIds = Set.copyOf(moved.stream().map(m -> m.allocation().id()).toList());
                before = beforeMap == null ? null : MemoryMapLayout.of(beforeMap, colors, w);
                defragText = DashboardView.describe(done.result());
            } else if (before != null && before.width() != w) {
                before = MemoryMapLayout.of(before.map(), colors, w);
            }
            last = map;
            lastAllocations = map.allocationCount();
            pending = new Frame(MemoryMapLayout.of(map, colors, w), before, movedIds, defragText);
        } catch (RuntimeException e) {
            LOG.debug("memory map refresh failed", e);
        } finally {
            lastCostNanos = System.nanoTime() - began;
            running.set(false);
        }
    }

    /**
     * The map before a defragmentation: {@code after} with each moved allocation back where it was when the
     * defragmentation began; blocks the defragmentation freed come from the map read before it, if there was one.
     */
    private @Nullable MemoryMap before(MemoryMap after, @Nullable MemoryMap previous, List<AllocationMoved> moved) {
        if (moved.isEmpty()) {
            return null;
        }
        Map<Long, AllocationInfo> firstPlace = new HashMap<>();
        for (AllocationMoved m : moved) {
            firstPlace.putIfAbsent(m.allocation().id(), m.before());
        }
        Map<Long, MemoryBlock> blocks = new LinkedHashMap<>();
        if (previous != null) {
            previous.blocks().forEach(b -> blocks.put(b.block().deviceMemory(), b.block()));
        }
        after.blocks().forEach(b -> blocks.putIfAbsent(b.block().deviceMemory(), b.block()));
        List<AllocationInfo> allocations = new ArrayList<>();
        for (MemoryMap.BlockPlacements b : after.blocks()) {
            for (AllocationInfo a : b.allocations()) {
                allocations.add(firstPlace.getOrDefault(a.id(), a));
            }
        }
        java.util.Set<Long> shown = new java.util.HashSet<>(); // blocks holding an allocation before, or existing after
        allocations.forEach(a -> shown.add(a.deviceMemory()));
        after.blocks().forEach(b -> shown.add(b.block().deviceMemory()));
        List<MemoryBlock> kept = blocks.values().stream().filter(b -> shown.contains(b.deviceMemory())).toList();
        return MemoryMap.of(defragStartMillis, kept, allocations);
    }

    /**
     * The map now as a PNG picture ({@link MemoryMapPng#render(MemoryMapLayout)}) {@code pixels} wide, in the view's
     * tag colours; read and drawn on the feed's thread, after any refresh under way.
     */
    java.util.concurrent.CompletableFuture<java.awt.image.BufferedImage> picture(int pixels) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            MemoryMap map = source.get();
            TagColors colors = colorsShared.updateAndGet(c -> c.withTags(MemoryMapPng.tagsOf(map)));
            return MemoryMapPng.render(MemoryMapLayout.of(map, colors, pixels));
        }, worker);
    }

    /** Stops the feed's thread. */
    @Override
    public void close() {
        worker.shutdownNow();
    }
}
