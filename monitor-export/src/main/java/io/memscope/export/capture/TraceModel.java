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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What {@link PerfettoExport} writes, built from a capture in memory before anything is written: the naming
 * metadata, and every other trace event with its time, sorted by time (so a split cuts the capture into time
 * ranges). Allocation lifetimes are rebuilt per core like {@link CoreTimeline}'s ledger (events after the latest
 * state, states reconciled), then packed per tag onto as few lanes as possible (greedy by start time, which is
 * optimal for intervals). Cost: O(events + allocations log allocations) time, a small object per trace event.
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

    /** One trace event with its time (nanoseconds since the epoch). */
    interface Item {
        long at();

        /** The allocation id when this is an allocation's lifetime, else -1. */
        default long allocationId() {
            return -1;
        }

        void write(JsonGenerator g, long origin) throws IOException;
    }

    /** A naming event ({@code "ph":"M"}), written at the start of every file. */
    interface Meta {
        void write(JsonGenerator g) throws IOException;
    }

    final List<Meta> metadata = new ArrayList<>();
    final List<Item> items = new ArrayList<>();
    long origin;
    long end;

    /** An allocation's life as the export draws it. */
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
        @Nullable List<Move> moves;
        int tid;

        Life(AllocationInfo info, long start) {
            this.info = info;
            this.start = start;
        }
    }

    private record Move(long at, AllocationInfo after) {
    }

    private TraceModel() {
    }

    static TraceModel of(CaptureReader capture) {
        TraceModel model = new TraceModel();
        long start = nanos(capture.start());
        long stop = nanos(capture.end());
        for (CoreInfo core : capture.cores()) {
            CoreTimeline t = capture.timeline(core.coreId());
            for (MemoryEvent e : t.events()) {
                stop = Math.max(stop, t.epochNanosOf(e));
            }
        }
        model.end = stop;
        for (CoreInfo core : capture.cores()) {
            new CoreBuilder(model, capture, core, start).build();
        }
        LossReport losses = capture.losses();
        if (losses.dataLossBytes() > 0 || !losses.unreadable().isEmpty()) {
            int pid = capture.cores().isEmpty() ? 0 : capture.cores().get(0).coreId();
            long at = start;
            model.items.add(item(at, (g, o) -> {
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
        model.items.sort(Comparator.comparingLong(Item::at)); // stable: equal times keep the order they were added in
        model.origin = model.items.isEmpty() ? start : Math.min(start, model.items.get(0).at());
        return model;
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

    /** Builds one core's part. */
    private static final class CoreBuilder {
        private final TraceModel model;
        private final CoreTimeline t;
        private final CaptureReader capture;
        private final int pid;
        private final long captureStart;
        private final Map<Long, Life> live = new HashMap<>();
        private final List<Life> lives = new ArrayList<>();
        private final Set<String> tagsSampled = new HashSet<>();
        private final Map<Integer, String> heapNames = new TreeMap<>();
        private @Nullable DefragmentationStarted defrag;
        private long defragAt;
        private long passAt;

        CoreBuilder(TraceModel model, CaptureReader capture, CoreInfo core, long captureStart) {
            this.model = model;
            this.captureStart = captureStart;
            this.capture = capture;
            this.t = capture.timeline(core.coreId());
            this.pid = core.coreId();
            model.metadata.add(meta("process_name", pid, -1, "name", "memscope core " + pid + ": " + core.deviceName()));
            model.metadata.add(meta("process_sort_index", pid, -1, "sort_index", pid));
            model.metadata.add(meta("thread_name", pid, DEFRAG_TID, "name", "defragmentation"));
            model.metadata.add(meta("thread_name", pid, EVENTS_TID, "name", "events (snapshots, thresholds, losses)"));
            model.metadata.add(meta("thread_sort_index", pid, DEFRAG_TID, "sort_index", DEFRAG_TID));
            model.metadata.add(meta("thread_sort_index", pid, EVENTS_TID, "sort_index", EVENTS_TID));
            if (core.layout() != null) {
                core.layout().layout().heaps().forEach(h -> heapNames.put(h.index(),
                        "heap " + h.index() + (h.deviceLocal() ? " (device-local)" : " (host)")));
            }
        }

        /** Adds the core's items and lane names. */
        void build() {
            List<CoreTimeline.State> states = t.states();
            long applied = -1;
            int si = 0;
            for (MemoryEvent e : t.events()) {
                long s = e.sequence();
                while (si < states.size() && states.get(si).sequence() < s) {
                    CoreTimeline.State st = states.get(si++);
                    if (st.sequence() >= applied) {
                        reconcile(st);
                        applied = st.sequence();
                    }
                }
                if (applied < 0) {
                    if (!states.isEmpty() && s <= states.get(0).sequence()) {
                        continue;
                    }
                    applied = s - 1;
                }
                if (s <= applied) {
                    continue;
                }
                handle(e, t.epochNanosOf(e));
                applied = s;
            }
            for (; si < states.size(); si++) {
                if (states.get(si).sequence() >= applied) {
                    reconcile(states.get(si));
                    applied = states.get(si).sequence();
                }
            }
            for (Life l : live.values()) {
                l.stop = model.end;
                l.liveAtEnd = true;
            }
            live.clear();
            DefragmentationStarted open = defrag;
            if (open != null) {
                defragmentation(open, defragAt, model.end, null);
            }
            losses();
            lanes();
        }

        private void reconcile(CoreTimeline.State st) {
            long at = t.epochNanosOf(st);
            Set<Long> ids = new HashSet<>();
            for (AllocationInfo a : st.allocations()) {
                ids.add(a.id());
                if (!live.containsKey(a.id())) {
                    long created = a.createdEpochMillis() * 1_000_000L;
                    long first = Math.min(at, captureStart);
                    Life l = new Life(a, created < first ? first : Math.min(created, at));
                    l.fromState = true;
                    l.liveAtStart = created < first;
                    live.put(a.id(), l);
                    lives.add(l);
                }
            }
            for (var it = live.entrySet().iterator(); it.hasNext(); ) {
                Life l = it.next().getValue();
                if (!ids.contains(l.info.id())) {
                    l.stop = Math.max(l.start, at);
                    l.freedUnseen = true;
                    it.remove();
                }
            }
        }

        private void handle(MemoryEvent e, long at) {
            if (e instanceof AllocationCreated c) {
                if (!live.containsKey(c.allocation().id())) {
                    Life l = new Life(c.allocation(), at);
                    live.put(c.allocation().id(), l);
                    lives.add(l);
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
                model.items.add(item(at, (g, o) -> {
                    instant(g, "snapshot " + s.snapshot().id() + ": " + s.snapshot().description(), pid, EVENTS_TID,
                            at - o, "p");
                    g.writeNumberField("used_bytes", s.snapshot().stats().usedBytes());
                    g.writeNumberField("allocations", s.snapshot().stats().allocationCount());
                    g.writeEndObject();
                    g.writeEndObject();
                }));
            } else if (e instanceof ThresholdCrossed c) {
                model.items.add(item(at, (g, o) -> {
                    instant(g, c.kind() + " " + c.direction() + ": " + c.scope(), pid, EVENTS_TID, at - o, "t");
                    g.writeNumberField("value", c.value());
                    g.writeNumberField("threshold", c.threshold());
                    g.writeEndObject();
                    g.writeEndObject();
                }));
            } else if (e instanceof EventsDropped d) {
                model.items.add(item(at, (g, o) -> {
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
            Life l = live.remove(info.id());
            if (l == null) { // created before a gap (or before the first state): its lifetime says when
                l = new Life(info, at - Math.max(0, lifetimeNanos));
                l.createdUnseen = true;
                lives.add(l);
            }
            l.stop = Math.max(l.start, at);
            l.leaked = leaked;
        }

        private void counter(long at, String name, String[] keys, double[] values, boolean integral) {
            model.items.add(item(at, (g, o) -> {
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
            model.items.add(item(from, (g, o) -> {
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
            model.items.add(item(from, (g, o) -> {
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

        private void losses() {
            List<MemoryEvent> events = t.events();
            for (LossReport.Gap gap : capture.losses().gaps()) {
                if (gap.coreId() != pid) {
                    continue;
                }
                long at = model.end;
                for (MemoryEvent e : events) { // the first event after the gap; gaps are few
                    if (e.sequence() > gap.last()) {
                        at = t.epochNanosOf(e);
                        break;
                    }
                }
                long when = at;
                model.items.add(item(when, (g, o) -> {
                    instant(g, LOST, pid, EVENTS_TID, when - o, "p");
                    g.writeNumberField("first_sequence", gap.first());
                    g.writeNumberField("last_sequence", gap.last());
                    g.writeNumberField("count", gap.count());
                    g.writeEndObject();
                    g.writeEndObject();
                }));
            }
        }

        /** Packs each tag's lifetimes onto lanes, adds their items and the lanes' names. */
        private void lanes() {
            Map<String, List<Life>> byTag = new TreeMap<>();
            for (Life l : lives) {
                byTag.computeIfAbsent(l.info.tag(), k -> new ArrayList<>()).add(l);
            }
            int nextTid = FIRST_LANE_TID;
            for (Map.Entry<String, List<Life>> entry : byTag.entrySet()) {
                List<Life> tagLives = entry.getValue();
                tagLives.sort(Comparator.comparingLong((Life l) -> l.start).thenComparingLong(l -> l.info.id()));
                PriorityQueue<long[]> free = new PriorityQueue<>(
                        Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[1]));
                int lanes = 0;
                for (Life l : tagLives) {
                    long[] lane = free.peek();
                    if (lane != null && lane[0] <= l.start) {
                        free.poll();
                    } else {
                        lane = new long[] {0, nextTid + lanes++};
                    }
                    lane[0] = l.stop;
                    l.tid = (int) lane[1];
                    free.add(lane);
                    addLife(l);
                }
                for (int i = 0; i < lanes; i++) {
                    int tid = nextTid + i;
                    model.metadata.add(meta("thread_name", pid, tid, "name",
                            entry.getKey() + (lanes > 1 ? " #" + (i + 1) : "")));
                    model.metadata.add(meta("thread_sort_index", pid, tid, "sort_index", tid));
                }
                nextTid += lanes;
            }
        }

        private void addLife(Life l) {
            AllocationInfo a = l.info;
            String name = a.name() != null ? a.name() : a.kind().toString().toLowerCase(Locale.ROOT) + " " + a.id();
            model.items.add(new Item() {
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
                    slice(g, name, "allocation", l.tid, l.start - o, l.stop - l.start);
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
                    model.items.add(item(m.at(), (g, o) -> {
                        instant(g, "moved: " + name, pid, l.tid, m.at() - o, "t");
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
