package io.memscope.core.internal.jfr;

import io.memscope.core.event.AllocationInfo;
import io.memscope.core.stats.DeviceMemoryLayout;
import io.memscope.core.stats.MemoryBlock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every chunk of a recording self-contained for memscope: at the start of each chunk (JFR's
 * {@code beginChunk} period) it writes, for every open core, a {@code memscope.DeviceLayout} event and the core's full
 * ledger as {@code memscope.LiveState} events with the sequence number {@code S} the ledger reflects. A reader that
 * starts at any chunk takes the latest complete state, drops memory events numbered {@code <= S} and applies the later
 * ones. A core created while a recording enables these events writes both at once.
 *
 * <p><b>Order.</b> Before capturing a core's state the hook makes sure the core's {@link JfrBridge} subscribes (JFR
 * runs beginChunk hooks before it tells listeners that a recording started), so every event numbered after {@code S}
 * is committed, in this chunk or a later one.
 *
 * <p><b>Cost.</b> Nothing while no recording enables the two event types: JFR calls the hooks only for enabled
 * types. Per chunk and core: the core's lock is held while the hub numbers its intake and the ledger is copied (O(n),
 * as {@code captureLiveState()}), then the state is encoded off the lock. Runs on the thread that starts or rotates
 * the recording. Thread-safe.
 *
 * <p><b>Size limit.</b> JFR writes an event that exceeds a thread's buffer through a larger one; to stay far from the
 * limits, a state is split into parts of at most {@link #PART_CHARS} characters (about 300 allocations each).
 */
public final class ChunkStates {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkStates.class);
    /** Characters of encoded allocations per {@code memscope.LiveState} part, at most (plus one allocation). */
    public static final int PART_CHARS = 32_768;

    /** What a core offers: identity, layout, and its ledger with the sequence number it reflects. */
    public interface Source {
        int coreId();

        String deviceName();

        String budgetSource();

        long heapSizeLimit();

        DeviceMemoryLayout layout();

        /** Subscribes the core's JFR bridge if a recording enables memscope's events and it is not subscribed. */
        void refreshBridge();

        /** The ledger (oldest first) and the sequence it reflects; throws if the core is closed. */
        Captured capture();

        /** Waits (up to a few seconds) until the JFR bridge committed every event recorded before this call. */
        void awaitCommitted();

        /** The core's {@code VkDeviceMemory} blocks now; throws if the core is closed. */
        List<MemoryBlock> memoryBlocks();
    }

    /** A core's ledger and the hub's sequence number {@code S} it reflects exactly, with when it was taken. */
    public record Captured(long sequence, long epochMillis, long monotonicNanos, List<AllocationInfo> allocations) {
    }

    private static final CopyOnWriteArrayList<Source> SOURCES = new CopyOnWriteArrayList<>();
    private static boolean hooksAdded;

    private ChunkStates() {
    }

    /** Adds the chunk-start hooks once per JVM (registers the two event types and the blocks' event type). */
    public static synchronized void ensureHooks() {
        if (!hooksAdded) {
            // Registered here, outside Flight Recorder's locks: first loaded inside a chunk-start hook (which holds
            // the recorder's lock), its registration waited for the metadata lock another thread held while waiting
            // for the recorder's: a deadlock seen in CI.
            FlightRecorder.register(MemoryBlocksJfrEvent.class);
            FlightRecorder.addPeriodicEvent(DeviceLayoutJfrEvent.class, ChunkStates::writeLayouts);
            FlightRecorder.addPeriodicEvent(LiveStateJfrEvent.class, ChunkStates::writeStates);
            hooksAdded = true;
        }
    }

    /** A core opened: its layout and state are written at every chunk start, and now if a recording enables them. */
    public static void register(Source source) {
        ensureHooks();
        SOURCES.add(source);
        if (EventType.getEventType(DeviceLayoutJfrEvent.class).isEnabled()) {
            writeLayout(source);
        }
        if (EventType.getEventType(LiveStateJfrEvent.class).isEnabled()) {
            writeState(source);
        }
    }

    /** Waits until every open core's JFR bridge committed what was recorded before this call (a capture's tail). */
    public static void awaitCommitted() {
        for (Source source : SOURCES) {
            try {
                source.awaitCommitted();
            } catch (RuntimeException e) {
                LOG.debug("core {}: its last events may miss the capture: {}", source.coreId(), e.toString());
            }
        }
    }

    /** A core closed. */
    public static void unregister(Source source) {
        SOURCES.remove(source);
    }

    private static void writeLayouts() {
        SOURCES.forEach(ChunkStates::writeLayout);
    }

    private static void writeStates() {
        SOURCES.forEach(ChunkStates::writeState);
    }

    private static void writeLayout(Source source) {
        DeviceLayoutJfrEvent event = new DeviceLayoutJfrEvent();
        if (!event.isEnabled()) {
            return;
        }
        event.core = source.coreId();
        event.deviceName = source.deviceName();
        event.budgetSource = source.budgetSource();
        event.heapSizeLimit = source.heapSizeLimit();
        event.pid = ProcessHandle.current().pid();
        event.layout = PayloadCodec.encode(source.layout());
        event.commit();
    }

    private static void writeState(Source source) {
        if (!EventType.getEventType(LiveStateJfrEvent.class).isEnabled()) {
            return;
        }
        Captured state;
        try {
            source.refreshBridge();
            state = source.capture();
        } catch (RuntimeException e) { // closed meanwhile, or the hub stalled: this chunk has no state of it
            LOG.debug("no memscope live state for core {} in this chunk: {}", source.coreId(), e.toString());
            return;
        }
        List<String> parts = PayloadCodec.encodeStateParts(state.allocations(), PART_CHARS);
        for (int i = 0; i < parts.size(); i++) {
            LiveStateJfrEvent event = new LiveStateJfrEvent();
            event.core = source.coreId();
            event.sequence = state.sequence();
            event.capturedEpochMillis = state.epochMillis();
            event.monotonicNanos = state.monotonicNanos();
            event.allocationCount = state.allocations().size();
            event.part = i;
            event.parts = parts.size();
            event.allocations = parts.get(i);
            event.commit();
        }
        try {
            writeBlocks(source.coreId(), source.memoryBlocks());
        } catch (RuntimeException e) {
            LOG.debug("no memscope blocks for core {} in this chunk: {}", source.coreId(), e.toString());
        }
    }

    /** Whether a recording wants {@code memscope.MemoryBlocks} events: one cheap check, for the sampler. */
    public static boolean blocksWanted() {
        return EventType.getEventType(MemoryBlocksJfrEvent.class).isEnabled();
    }

    /** Commits core {@code coreId}'s {@code blocks} if a recording wants them. */
    public static void writeBlocks(int coreId, List<MemoryBlock> blocks) {
        MemoryBlocksJfrEvent event = new MemoryBlocksJfrEvent();
        if (!event.isEnabled()) {
            return;
        }
        event.core = coreId;
        event.blockCount = blocks.size();
        event.blocks = PayloadCodec.encode(blocks);
        event.commit();
    }
}
