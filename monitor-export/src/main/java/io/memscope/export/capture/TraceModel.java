package io.memscope.export.capture;

import com.fasterxml.jackson.core.JsonGenerator;
import io.memscope.core.event.AllocationCreated;
import io.memscope.core.event.AllocationFreed;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.event.AllocationMoved;
import io.memscope.core.event.BudgetSampled;
import io.memscope.core.event.DefragmentationFinished;
import io.memscope.core.event.DefragmentationProgress;
import io.memscope.core.event.DefragmentationStarted;
import io.memscope.core.event.EventsDropped;
import io.memscope.core.event.LeakReported;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.event.SnapshotTaken;
import io.memscope.core.event.StatsSampled;
import io.memscope.core.event.ThresholdCrossed;
import io.memscope.core.stats.DefragmentationResult;
import io.memscope.core.stats.HeapBudget;
import io.memscope.core.stats.HeapStats;
import io.memscope.core.stats.MemoryStats;
import io.memscope.core.stats.TagStats;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What {@link PerfettoExport} writes, produced as a stream while the capture is read once, so the memory it needs is
 * that of the allocations live at one moment, not of the whole capture: {@link #next()} hands over the trace events
 * one at a time, in the order the capture's events make them (counters and instants at their time, an allocation's
 * lifetime when it ends), and {@link #metadata} holds the naming events of the lanes made so far (a file writes them
 * last). Lifetimes are rebuilt per core like {@link CoreTimeline}'s ledger (events after the latest state, states
 * reconciled); each gets a lane of its tag when it is born (greedy by start: as many lanes as the tag has
 * allocations live at once) and is handed over when it ends. A core without
 * {@code StatsSampled} events gets its {@code used_bytes} counters rebuilt from its ledger instead (device and per
 * tag, at most every {@value #REBUILT_COUNTER_NANOS} ns of capture time, and at its end).
 *
 * <p>Cost: O(events) time; memory O(live allocations + lanes). Not thread-safe: one writer pulls.
 */
final class TraceModel {
    /** Thread id of a core's defragmentation lane. */
    static final int DEFRAG_TID = 1;
    /** Thread id of a core's lane of instant events (snapshots, thresholds, losses). */
    static final int EVENTS_TID = 2;
    /** Thread id of a core's first allocation lane. */
    static final int FIRST_LANE_TID = 10;
    /** The name of every instant event that marks lost events. */
    static final String LOST = "memscope: events lost";
    /** Rebuilt counters (cores without samples) are written at most this often, in capture time: 10 ms. */
    static final long REBUILT_COUNTER_NANOS = 10_000_000L;

    /** One trace event with its time (nanoseconds since the epoch). */
    interface Item {
        long at();

        /** The allocation id when this is an allocation's lifetime, else -1. */
        default long allocationId() {
            return -1;
        }

        void write(JsonGenerator g, long origin) throws IOException;
    }

    /** A naming event ({@code "ph":"M"}), written into every file. */
    interface Meta {
        void write(JsonGenerator g) throws IOException;
    }

    /** The naming events so far; grows while {@link #next()} makes lanes. */
    final List<Meta> metadata = new ArrayList<>();
    /** Time zero of the trace: the capture's start, or its earliest event or state if that is earlier. */
    final long origin;
    /** The capture's end, or its latest event if that is later: where lifetimes still open are closed. */
    final long end;
    /** Whether some core's counters are rebuilt from its ledger (it has no samples). */
    final boolean countersRebuilt;

    private final CaptureReader capture;
    private final List<CoreInfo> cores;
    /** The cores without {@code StatsSampled} events: their counters are rebuilt from the ledger. */
    private final Set<Integer> unsampledCores = new HashSet<>();
    private final ArrayDeque<Item> pending = new ArrayDeque<>();
    private int nextCore;
    private @Nullable CoreBuilder current;
    private boolean finished;

    /** An allocation's life as the export draws it; exists while it is live. */
    private static final class Life {
        final AllocationInfo info;
        final long start;
        long stop;
        boolean fromState;
        boolean liveAtStart;
        boolean freedUnseen;
        boolean createdUnseen;
        boolean leaked;
        boolean liveAtEnd;
        long createdAt = -1;
        int tid = -1;
        @Nullable List<Move> moves;

        Life(AllocationInfo info, long start) {
            this.info = info;
            this.start = start;
        }
    }

    private record Move(long at, AllocationInfo after) {
    }

    TraceModel(CaptureReader capture) {
        this.capture = capture;
        this.cores = capture.cores();
        long first = nanos(capture.start());
        long last = nanos(capture.end());
        for (CoreInfo core : cores) {
            CoreTimeline t = capture.timeline(core.coreId());
            List<MemoryEvent> events = t.events();
            if (!events.isEmpty()) {
                first = Math.min(first, t.epochNanosOf(events.get(0)));
                last = Math.max(last, t.epochNanosOf(events.get(events.size() - 1)));
            }
            for (CoreTimeline.State st : t.states()) {
                first = Math.min(first, t.epochNanosOf(st));
            }
            if (capture.nonAllocationEvents(core.coreId()).stream().noneMatch(StatsSampled.class::isInstance)) {
                unsampledCores.add(core.coreId());
            }
        }
        this.origin = first;
        this.end = last;
        this.countersRebuilt = !unsampledCores.isEmpty();
    }

    /** The next trace event, or null after the last. */
    @Nullable Item next() {
        while (pending.isEmpty()) {
            if (!advance()) {
                return null;
            }
        }
        return pending.poll();
    }

    private boolean advance() {
        CoreBuilder core = current;
        if (core != null) {
            if (!core.step()) {
                current = null;
            }
            return true;
        }
        if (nextCore < cores.size()) {
            current = new CoreBuilder(cores.get(nextCore++));
            return true;
        }
        if (!finished) {
            finished = true;
            captureLosses();
            return true;
        }
        return false;
    }

    /** Data Flight Recorder lost and files that could not be read: one instant at the start. */
    private void captureLosses() {
        LossReport losses = capture.losses();
        if (losses.dataLossBytes() > 0 || !losses.unreadable().isEmpty()) {
            int pid = cores.isEmpty() ? 0 : cores.get(0).coreId();
            long at = origin;
            pending.add(item(at, (g, o) -> {
                instant(g, LOST, pid, EVENTS_TID, at - o, "g");
                g.writeNumberField("jfr_data_lost_bytes", losses.dataLossBytes());
                g.writeArrayFieldStart("unreadable");
                for (String u : losses.unreadable()) {
                    g.writeString(u);
                }
                g.writeEndArray();
                g.writeEndObject();
                g.writeEndObject();
            }));
        }
    }

    static java.time.Instant instantOf(long epochNanos) {
        return java.time.Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
                Math.floorMod(epochNanos, 1_000_000_000L));
    }

    static long nanos(java.time.Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private interface Writer {
        void write(JsonGenerator g, long origin) throws IOException;
    }

    private static Item item(long at, Writer writer) {
        return new Item() {
            @Override
            public long at() {
                return at;
            }

            @Override
            public void write(JsonGenerator g, long origin) throws IOException {
                writer.write(g, origin);
            }
        };
    }

    /** Writes {@code nanos} as microseconds with three decimals (exact): {@code 1234.567}. */
    static void micros(JsonGenerator g, String field, long nanos) throws IOException {
        g.writeFieldName(field);
        long abs = Math.abs(nanos);
        g.writeNumber((nanos < 0 ? "-" : "") + abs / 1000 + "." + String.format(Locale.ROOT, "%03d", abs % 1000));
    }

    /** Opens an instant event and its {@code args} object; the caller writes the args and closes both. */
    static void instant(JsonGenerator g, String name, int pid, int tid, long ts, String scope) throws IOException {
        g.writeStartObject();
        g.writeStringField("ph", "i");
        g.writeStringField("name", name);
        g.writeStringField("s", scope);
        g.writeNumberField("pid", pid);
        g.writeNumberField("tid", tid);
        micros(g, "ts", ts);
        g.writeObjectFieldStart("args");
    }

    private static Meta meta(String kind, int pid, int tid, String key, Object value) {
        return g -> {
            g.writeStartObject();
            g.writeStringField("ph", "M");
            g.writeStringField("name", kind);
            g.writeNumberField("pid", pid);
            if (tid >= 0) {
                g.writeNumberField("tid", tid);
            }
            g.writeObjectFieldStart("args");
            if (value instanceof Number n) {
                g.writeNumberField(key, n.longValue());
            } else {
                g.writeStringField(key, value.toString());
            }
            g.writeEndObject();
            g.writeEndObject();
        };
    }

    /** A tag's lanes; each free one by when it became free. */
    private static final class TagLanes {
        final String tag;
        final int order;
        final TreeMap<Long, ArrayDeque<Integer>> freeSince = new TreeMap<>();
        int count;

        TagLanes(String tag, int order) {
            this.tag = tag;
            this.order = order;
        }
    }

    /** Streams one core's part. */
    private final class CoreBuilder {
        private final CoreTimeline t;
        private final int pid;
        private final List<MemoryEvent> events;
        private final List<CoreTimeline.State> states;
        private final List<LossReport.Gap> gaps = new ArrayList<>();
        private final Map<Long, Life> live = new LinkedHashMap<>();
        private final Map<String, TagLanes> lanes = new HashMap<>();
        private final Set<String> tagsSampled = new HashSet<>();
        private final Map<Integer, String> heapNames = new TreeMap<>();
        private final boolean rebuildCounters;
        private final Map<String, long[]> tagBytes = new TreeMap<>();
        private long deviceUsed;
        private long lastRebuiltCounter = Long.MIN_VALUE;
        private boolean ledgerChanged;
        private int nextTid = FIRST_LANE_TID;
        private int next;
        private int nextState;
        private int nextGap;
        private long applied = -1;
        private @Nullable DefragmentationStarted defrag;
        private long defragAt;
        private long passAt;

        CoreBuilder(CoreInfo core) {
            this.t = capture.timeline(core.coreId());
            this.pid = core.coreId();
            this.events = t.events();
            this.states = t.states();
            this.rebuildCounters = unsampledCores.contains(pid);
            for (LossReport.Gap gap : capture.losses().gaps()) {
                if (gap.coreId() == pid) {
                    gaps.add(gap);
                }
            }
            gaps.sort(Comparator.comparingLong(LossReport.Gap::first));
            metadata.add(meta("process_name", pid, -1, "name", "memscope core " + pid + ": " + core.deviceName()));
            metadata.add(meta("process_sort_index", pid, -1, "sort_index", pid));
            metadata.add(meta("thread_name", pid, DEFRAG_TID, "name", "defragmentation"));
            metadata.add(meta("thread_name", pid, EVENTS_TID, "name", "events (snapshots, thresholds, losses)"));
            metadata.add(meta("thread_sort_index", pid, DEFRAG_TID, "sort_index", DEFRAG_TID));
            metadata.add(meta("thread_sort_index", pid, EVENTS_TID, "sort_index", EVENTS_TID));
            if (core.layout() != null) {
                core.layout().layout().heaps().forEach(h -> heapNames.put(h.index(),
                        "heap " + h.index() + (h.deviceLocal() ? " (device-local)" : " (host)")));
            }
        }

        /** Takes the next event (or, after the last, closes what is open); returns false when the core is done. */
        boolean step() {
            if (next >= events.size()) {
                finish();
                return false;
            }
            MemoryEvent e = events.get(next++);
            long s = e.sequence();
            while (nextState < states.size() && states.get(nextState).sequence() < s) {
                CoreTimeline.State st = states.get(nextState++);
                if (st.sequence() >= applied) {
                    reconcile(st);
                    applied = st.sequence();
                }
            }
            if (applied < 0) {
                if (!states.isEmpty() && s <= states.get(0).sequence()) {
                    return true;
                }
                applied = s - 1;
            }
            if (s <= applied) {
                return true;
            }
            long at = t.epochNanosOf(e);
            lossesBefore(s, at);
            handle(e, at);
            applied = s;
            rebuiltCounters(at, false);
            return true;
        }

        private void finish() {
            for (; nextState < states.size(); nextState++) {
                if (states.get(nextState).sequence() >= applied) {
                    reconcile(states.get(nextState));
                    applied = states.get(nextState).sequence();
                }
            }
            lossesBefore(Long.MAX_VALUE, end);
            List<Life> open = new ArrayList<>(live.values());
            live.clear();
            open.sort(Comparator.comparingLong((Life l) -> l.start).thenComparingLong(l -> l.info.id()));
            for (Life l : open) {
                l.stop = Math.max(l.start, end);
                l.liveAtEnd = true;
                close(l);
            }
            DefragmentationStarted running = defrag;
            if (running != null) {
                defragmentation(running, defragAt, end, null);
            }
            rebuiltCounters(end, true);
        }

        /** An instant for each gap in the numbers that ends before {@code sequence}, at {@code at}. */
        private void lossesBefore(long sequence, long at) {
            while (nextGap < gaps.size() && gaps.get(nextGap).last() < sequence) {
                LossReport.Gap gap = gaps.get(nextGap++);
                pending.add(item(at, (g, o) -> {
                    instant(g, LOST, pid, EVENTS_TID, at - o, "p");
                    g.writeNumberField("first_sequence", gap.first());
                    g.writeNumberField("last_sequence", gap.last());
                    g.writeNumberField("count", gap.count());
                    g.writeEndObject();
                    g.writeEndObject();
                }));
            }
        }

        private void reconcile(CoreTimeline.State st) {
            long at = t.epochNanosOf(st);
            Set<Long> ids = new HashSet<>();
            for (AllocationInfo a : st.allocations()) {
                ids.add(a.id());
                if (!live.containsKey(a.id())) {
                    long created = a.createdEpochMillis() * 1_000_000L;
                    long first = Math.min(at, origin);
                    Life l = new Life(a, Math.max(origin, created < first ? first : Math.min(created, at)));
                    l.fromState = true;
                    l.liveAtStart = created < first;
                    born(l);
                }
            }
            List<Life> gone = new ArrayList<>();
            for (Life l : live.values()) {
                if (!ids.contains(l.info.id())) {
                    gone.add(l);
                }
            }
            for (Life l : gone) {
                died(l.info.id());
                l.stop = Math.max(l.start, at);
                l.freedUnseen = true;
                close(l);
            }
        }

        private void born(Life l) {
            assignLane(l);
            live.put(l.info.id(), l);
            long[] bytes = tagBytes.computeIfAbsent(l.info.tag(), k -> new long[2]);
            bytes[0] += l.info.allocatedBytes();
            bytes[1] += l.info.sizeBytes();
            deviceUsed += l.info.allocatedBytes();
            ledgerChanged = true;
        }

        private @Nullable Life died(long id) {
            Life l = live.remove(id);
            if (l != null) {
                long[] bytes = tagBytes.computeIfAbsent(l.info.tag(), k -> new long[2]);
                bytes[0] -= l.info.allocatedBytes();
                bytes[1] -= l.info.sizeBytes();
                deviceUsed -= l.info.allocatedBytes();
                ledgerChanged = true;
            }
            return l;
        }

        private void handle(MemoryEvent e, long at) {
            if (e instanceof AllocationCreated c) {
                if (!live.containsKey(c.allocation().id())) {
                    born(new Life(c.allocation(), Math.max(origin, at)));
                }
            } else if (e instanceof AllocationFreed f) {
                end(f.allocation(), at, f.lifetimeNanos(), false);
            } else if (e instanceof LeakReported l) {
                Life life = live.get(l.leak().id());
                if (life != null) {
                    end(life.info, at, 0, true);
                }
            } else if (e instanceof AllocationMoved m) {
                Life l = live.get(m.allocation().id());
                if (l != null) {
                    if (l.moves == null) {
                        l.moves = new ArrayList<>();
                    }
                    l.moves.add(new Move(at, m.allocation()));
                }
            } else if (e instanceof StatsSampled s) {
                stats(s.stats(), at);
            } else if (e instanceof BudgetSampled b) {
                budget(b.budget().heaps(), at);
            } else if (e instanceof DefragmentationStarted d) {
                defrag = d;
                defragAt = at;
                passAt = at;
            } else if (e instanceof DefragmentationProgress p) {
                pass(p, at);
            } else if (e instanceof DefragmentationFinished f) {
                DefragmentationStarted d = defrag;
                defragmentation(d, d != null ? defragAt : at, at, f.result());
                defrag = null;
            } else if (e instanceof SnapshotTaken s) {
                pending.add(item(at, (g, o) -> {
                    instant(g, "snapshot " + s.snapshot().id() + ": " + s.snapshot().description(), pid, EVENTS_TID,
                            at - o, "p");
                    g.writeNumberField("used_bytes", s.snapshot().stats().usedBytes());
                    g.writeNumberField("allocations", s.snapshot().stats().allocationCount());
                    g.writeEndObject();
                    g.writeEndObject();
                }));
            } else if (e instanceof ThresholdCrossed c) {
                pending.add(item(at, (g, o) -> {
                    instant(g, c.kind() + " " + c.direction() + ": " + c.scope(), pid, EVENTS_TID, at - o, "t");
                    g.writeNumberField("value", c.value());
                    g.writeNumberField("threshold", c.threshold());
                    g.writeEndObject();
                    g.writeEndObject();
                }));
            } else if (e instanceof EventsDropped d) {
                pending.add(item(at, (g, o) -> {
                    instant(g, LOST, pid, EVENTS_TID, at - o, "p");
                    g.writeNumberField("count", d.count());
                    g.writeNumberField("total_dropped", d.totalDropped());
                    g.writeBooleanField("at_intake", d.atIntake());
                    g.writeEndObject();
                    g.writeEndObject();
                }));
            }
        }

        private void end(AllocationInfo info, long at, long lifetimeNanos, boolean leaked) {
            Life l = died(info.id());
            if (l == null) { // created before a gap (or before the first state): its lifetime says when
                long created = at - Math.max(0, lifetimeNanos);
                l = new Life(info, Math.max(origin, created));
                l.createdUnseen = true;
                if (created < origin) {
                    l.createdAt = created;
                }
            }
            l.stop = Math.max(l.start, at);
            l.leaked = leaked;
            close(l);
        }

        /** The used bytes of the device and of each tag from the ledger, for a core without samples. */
        private void rebuiltCounters(long at, boolean last) {
            if (!rebuildCounters || !ledgerChanged || (!last && at - lastRebuiltCounter < REBUILT_COUNTER_NANOS)) {
                return;
            }
            lastRebuiltCounter = at;
            ledgerChanged = false;
            counter(at, "device", new String[] {"used_bytes"}, new double[] {deviceUsed}, true);
            tagBytes.forEach((tag, bytes) -> counter(at, "tag " + tag, new String[] {"used_bytes", "requested_bytes"},
                    new double[] {bytes[0], bytes[1]}, true));
        }

        /**
         * Gives {@code l} a lane of its tag that has been free since its start or earlier (a new one if none is):
         * done when it is born, in event order, which is greedy by start time and so uses as many lanes as the tag
         * has allocations live at once (counted in event order: allocation times have about 1 ms resolution, so a
         * lifetime may last zero and share its instant with the next one on its lane).
         */
        private void assignLane(Life l) {
            TagLanes tagLanes = lanes.computeIfAbsent(l.info.tag(), tag -> new TagLanes(tag, lanes.size()));
            Map.Entry<Long, ArrayDeque<Integer>> free = tagLanes.freeSince.floorEntry(l.start);
            if (free != null) {
                l.tid = free.getValue().poll();
                if (free.getValue().isEmpty()) {
                    tagLanes.freeSince.remove(free.getKey());
                }
                return;
            }
            l.tid = nextTid++;
            tagLanes.count++;
            metadata.add(meta("thread_name", pid, l.tid, "name",
                    tagLanes.tag + (tagLanes.count > 1 ? " #" + tagLanes.count : "")));
            metadata.add(meta("thread_sort_index", pid, l.tid, "sort_index",
                    FIRST_LANE_TID + tagLanes.order * 100_000L + tagLanes.count));
        }

        /** Hands over {@code l}'s lifetime and moves and frees its lane. */
        private void close(Life l) {
            if (l.tid < 0) {
                assignLane(l); // known only from its end (created before a gap)
            }
            java.util.Objects.requireNonNull(lanes.get(l.info.tag())).freeSince
                    .computeIfAbsent(l.stop, k -> new ArrayDeque<>()).add(l.tid);
            addLife(l, l.tid);
        }

        private void counter(long at, String name, String[] keys, double[] values, boolean integral) {
            pending.add(item(at, (g, o) -> {
                g.writeStartObject();
                g.writeStringField("ph", "C");
                g.writeStringField("name", name);
                g.writeNumberField("pid", pid);
                micros(g, "ts", at - o);
                g.writeObjectFieldStart("args");
                for (int i = 0; i < keys.length; i++) {
                    if (integral) {
                        g.writeNumberField(keys[i], (long) values[i]);
                    } else {
                        g.writeNumberField(keys[i], values[i]);
                    }
                }
                g.writeEndObject();
                g.writeEndObject();
            }));
        }

        private String heapName(int index) {
            return heapNames.getOrDefault(index, "heap " + index);
        }

        private void stats(MemoryStats stats, long at) {
            String[] usedBlock = {"used_bytes", "block_bytes"};
            counter(at, "device", usedBlock, new double[] {stats.usedBytes(), stats.totalBytes()}, true);
            List<String> fragKeys = new ArrayList<>(List.of("device_percent"));
            List<Double> frag = new ArrayList<>(List.of(stats.fragmentationRatio() * 100));
            for (HeapStats h : stats.heaps()) {
                heapNames.putIfAbsent(h.heapIndex(), "heap " + h.heapIndex() + (h.deviceLocal() ? " (device-local)" : " (host)"));
                counter(at, heapName(h.heapIndex()), usedBlock,
                        new double[] {h.figures().usedBytes(), h.figures().totalBytes()}, true);
                fragKeys.add("heap_" + h.heapIndex() + "_percent");
                frag.add(h.figures().fragmentationRatio() * 100);
            }
            counter(at, "fragmentation", fragKeys.toArray(String[]::new),
                    frag.stream().mapToDouble(Double::doubleValue).toArray(), false);
            tagsSampled.addAll(stats.tags().keySet());
            for (String tag : tagsSampled.stream().sorted().toList()) { // a tag gone since: drawn back at zero
                TagStats ts = stats.tag(tag);
                counter(at, "tag " + tag, new String[] {"used_bytes", "requested_bytes"},
                        new double[] {ts.usedBytes(), ts.requestedBytes()}, true);
            }
        }

        private void budget(List<HeapBudget> heaps, long at) {
            String[] keys = {"budget_bytes", "budget_usage_bytes"};
            long budget = 0;
            long usage = 0;
            for (HeapBudget h : heaps) {
                heapNames.putIfAbsent(h.heapIndex(), "heap " + h.heapIndex() + (h.deviceLocal() ? " (device-local)" : " (host)"));
                counter(at, heapName(h.heapIndex()), keys, new double[] {h.budgetBytes(), h.usageBytes()}, true);
                budget += h.budgetBytes();
                usage += h.usageBytes();
            }
            counter(at, "device", keys, new double[] {budget, usage}, true);
        }

        private void pass(DefragmentationProgress p, long at) {
            long from = passAt;
            passAt = at;
            pending.add(item(from, (g, o) -> {
                slice(g, "pass " + p.pass(), "defragmentation", DEFRAG_TID, from - o, at - from);
                g.writeNumberField("bytes_moved_so_far", p.bytesMoved());
                g.writeNumberField("allocations_moved_so_far", p.allocationsMoved());
                g.writeEndObject();
                g.writeEndObject();
            }));
        }

        private void defragmentation(@Nullable DefragmentationStarted d, long from, long to,
                                     @Nullable DefragmentationResult r) {
            String algorithm = r != null ? r.algorithm() : d != null ? d.algorithm() : "?";
            pending.add(item(from, (g, o) -> {
                slice(g, "defragmentation (" + algorithm + ")", "defragmentation", DEFRAG_TID, from - o, to - from);
                if (d != null) {
                    g.writeNumberField("marked_allocations", d.markedAllocations());
                }
                if (r != null) {
                    g.writeNumberField("bytes_moved", r.bytesMoved());
                    g.writeNumberField("allocations_moved", r.allocationsMoved());
                    g.writeNumberField("bytes_freed", r.bytesFreed());
                    g.writeNumberField("blocks_freed", r.blocksFreed());
                    g.writeNumberField("passes", r.passes());
                    g.writeNumberField("fragmentation_before", r.fragmentationBefore());
                    g.writeNumberField("fragmentation_after", r.fragmentationAfter());
                    g.writeBooleanField("complete", r.complete());
                } else {
                    g.writeBooleanField("live_at_end", true);
                }
                g.writeEndObject();
                g.writeEndObject();
            }));
        }

        private void addLife(Life l, int tid) {
            AllocationInfo a = l.info;
            String name = a.name() != null ? a.name() : a.kind().toString().toLowerCase(Locale.ROOT) + " " + a.id();
            pending.add(new Item() {
                @Override
                public long at() {
                    return l.start;
                }

                @Override
                public long allocationId() {
                    return a.id();
                }

                @Override
                public void write(JsonGenerator g, long o) throws IOException {
                    slice(g, name, "allocation", tid, l.start - o, l.stop - l.start);
                    g.writeNumberField("id", a.id());
                    g.writeStringField("tag", a.tag());
                    g.writeStringField("kind", a.kind().toString());
                    g.writeNumberField("size_bytes", a.sizeBytes());
                    g.writeNumberField("allocated_bytes", a.allocatedBytes());
                    g.writeStringField("memory_usage", a.memoryUsage().toString());
                    g.writeNumberField("memory_type", a.memoryTypeIndex());
                    g.writeNumberField("heap", a.heapIndex());
                    g.writeStringField("block", "0x" + Long.toHexString(a.deviceMemory()));
                    g.writeNumberField("offset", a.offset());
                    flag(g, "live_at_start", l.liveAtStart);
                    if (l.liveAtStart) {
                        g.writeStringField("created_at", java.time.Instant.ofEpochMilli(a.createdEpochMillis()).toString());
                    } else if (l.createdAt >= 0) {
                        g.writeStringField("created_at", instantOf(l.createdAt).toString());
                    }
                    flag(g, "known_from_state", l.fromState);
                    flag(g, "created_unseen", l.createdUnseen);
                    flag(g, "freed_unseen", l.freedUnseen);
                    flag(g, "leaked", l.leaked);
                    flag(g, "live_at_end", l.liveAtEnd);
                    List<Move> moves = l.moves;
                    if (moves != null) {
                        AllocationInfo last = moves.get(moves.size() - 1).after();
                        g.writeNumberField("moves", moves.size());
                        g.writeStringField("final_block", "0x" + Long.toHexString(last.deviceMemory()));
                        g.writeNumberField("final_offset", last.offset());
                    }
                    g.writeEndObject();
                    g.writeEndObject();
                }
            });
            List<Move> moves = l.moves;
            if (moves != null) {
                for (Move m : moves) {
                    pending.add(item(m.at(), (g, o) -> {
                        instant(g, "moved: " + name, pid, tid, m.at() - o, "t");
                        g.writeNumberField("id", a.id());
                        g.writeStringField("block", "0x" + Long.toHexString(m.after().deviceMemory()));
                        g.writeNumberField("offset", m.after().offset());
                        g.writeEndObject();
                        g.writeEndObject();
                    }));
                }
            }
        }

        private void slice(JsonGenerator g, String name, String category, int tid, long ts, long dur)
                throws IOException {
            g.writeStartObject();
            g.writeStringField("ph", "X");
            g.writeStringField("cat", category);
            g.writeStringField("name", name);
            g.writeNumberField("pid", pid);
            g.writeNumberField("tid", tid);
            micros(g, "ts", ts);
            micros(g, "dur", Math.max(0, dur));
            g.writeObjectFieldStart("args");
        }
    }

    private static void flag(JsonGenerator g, String name, boolean value) throws IOException {
        if (value) {
            g.writeBooleanField(name, true);
        }
    }
}
