package io.memscope.core.management;

import io.memscope.core.event.AllocationInfo;
import io.memscope.core.internal.jfr.AllocationSiteJfrEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import org.jspecify.annotations.Nullable;

/**
 * The call stacks of allocations, collected from {@code memscope.AllocationSite} events (of a capture file, or of a
 * stream from another JVM): allocation id → {@link CallStack}, per core. memscope's own frames (and JFR's) are trimmed
 * from the top of each stack, so its first frame is the caller of the allocator.
 *
 * <p><b>Memory.</b> Stacks are interned: each distinct stack (and frame) is held once, however many allocations share
 * it; a repeated JFR stack object is recognised by identity without building its frames again. Per allocation with a
 * stack: one map entry (about 60 bytes). {@link #retain} drops the entries of allocations no longer live (a live
 * monitor calls it; a capture keeps every stack, since any moment can be asked for).
 *
 * <p>Thread-safe (synchronized): a stream thread may add while another builds {@link CallSites}.
 */
public final class AllocationStacks {
    /** The name of the event read. */
    public static final String EVENT_NAME = AllocationSiteJfrEvent.NAME;
    private static final int IDENTITY_CACHE_LIMIT = 4_096;

    private final Map<Integer, Map<Long, CallStack>> byCore = new HashMap<>();
    private final Map<CallStack, CallStack> stacks = new HashMap<>();
    private final Map<StackFrame, StackFrame> frames = new HashMap<>();
    private final Map<RecordedStackTrace, CallStack> recent = new IdentityHashMap<>();
    private long events;

    /** Whether {@code event} is a {@code memscope.AllocationSite} event. */
    public static boolean isAllocationSite(RecordedEvent event) {
        return event.getEventType().getName().equals(EVENT_NAME);
    }

    /**
     * Takes the stack of a {@code memscope.AllocationSite} event (one without a stack trace, from a recording that
     * turned stack traces off, counts as an empty stack). O(stack depth) for a stack not seen before, O(1) otherwise.
     */
    public synchronized void add(RecordedEvent event) {
        int core = event.getInt("core");
        long id = event.getLong("id");
        events++;
        byCore.computeIfAbsent(core, c -> new HashMap<>()).put(id, intern(event.getStackTrace()));
    }

    private CallStack intern(@Nullable RecordedStackTrace trace) {
        if (trace == null) {
            return stacks.computeIfAbsent(new CallStack(List.of(), false), s -> s);
        }
        CallStack known = recent.get(trace);
        if (known != null) {
            return known;
        }
        List<RecordedFrame> recorded = trace.getFrames();
        List<StackFrame> out = new ArrayList<>(recorded.size());
        boolean trimming = true;
        for (RecordedFrame f : recorded) {
            RecordedMethod method = f.getMethod();
            String className = method == null ? "?" : method.getType().getName();
            if (trimming && isMemscopeOrJfr(className)) {
                continue;
            }
            trimming = false;
            StackFrame frame = new StackFrame(className, method == null ? "?" : method.getName(), f.getLineNumber());
            out.add(frames.computeIfAbsent(frame, x -> x));
        }
        CallStack stack = stacks.computeIfAbsent(new CallStack(out, trace.isTruncated()), s -> s);
        if (recent.size() >= IDENTITY_CACHE_LIMIT) {
            recent.clear();
        }
        recent.put(trace, stack);
        return stack;
    }

    /** Whether a frame of this class is memscope's core (facade, engine, JFR machinery) or Flight Recorder's own. */
    static boolean isMemscopeOrJfr(String className) {
        return className.startsWith("io.memscope.core.") || className.startsWith("jdk.jfr.")
                || className.startsWith("jdk.internal.event.");
    }

    /** The stack of allocation {@code id} of core {@code coreId}, or null if none was recorded. */
    public synchronized @Nullable CallStack stackOf(int coreId, long id) {
        Map<Long, CallStack> core = byCore.get(coreId);
        return core == null ? null : core.get(id);
    }

    /** The call sites of {@code live}, allocations of core {@code coreId}. O(live × stack depth). */
    public synchronized CallSites callSites(int coreId, List<AllocationInfo> live) {
        Map<Long, CallStack> core = byCore.getOrDefault(coreId, Map.of());
        return CallSites.of(live, core::get);
    }

    /** Stacks held for core {@code coreId}. */
    public synchronized int size(int coreId) {
        Map<Long, CallStack> core = byCore.get(coreId);
        return core == null ? 0 : core.size();
    }

    /** {@code memscope.AllocationSite} events taken, all cores. */
    public synchronized long eventCount() {
        return events;
    }

    /** Distinct stacks held. */
    public synchronized int distinctStacks() {
        return stacks.size();
    }

    /** Drops the stacks of core {@code coreId}'s allocations that {@code keep} rejects. O(held). */
    public synchronized void retain(int coreId, LongPredicate keep) {
        Map<Long, CallStack> core = byCore.get(coreId);
        if (core != null) {
            core.keySet().removeIf(id -> !keep.test(id));
        }
    }

    /** Drops everything (a monitor that follows a new target: ids start again). */
    public synchronized void clear() {
        byCore.clear();
        stacks.clear();
        frames.clear();
        recent.clear();
    }
}
