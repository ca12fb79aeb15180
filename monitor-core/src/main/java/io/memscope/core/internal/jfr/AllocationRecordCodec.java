package io.memscope.core.internal.jfr;

import io.memscope.core.AllocationKind;
import io.memscope.core.MemoryUsage;
import io.memscope.core.event.AllocationCreated;
import io.memscope.core.event.AllocationFreed;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.event.AllocationMoved;
import io.memscope.core.event.EventHeader;
import io.memscope.core.event.MemoryEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The compact encoding of allocation, free and move events in a {@code memscope.AllocationRecords} batch
 * ({@link AllocationRecordsJfrEvent}): each record is a few variable-length integers, most of them differences to the
 * record before (sequence, clock, ids, handles), with a string table per batch for tags, thread and allocation
 * names. A batch is self-contained: the first record carries absolute values. The bytes travel as a string of 7-bit
 * characters, which Flight Recorder writes one byte each.
 *
 * <p>Record layout (u = unsigned LEB128, z = zig-zag signed, s = string reference: 0 null, 1 a new string follows as u
 * length and UTF-16 units as u, k ≥ 2 the table's entry k − 2):
 * {@code op(u: 0 created, 1 freed, 2 moved) Δsequence(u) Δmonotonic(z) epochResidual(z) tag(s) thread(s)}, then the
 * allocation {@code Δid(z) kind|usage<<2(u) memoryType(u) heap(u) name(s) size(u) allocated−size(z)
 * ΔdeviceMemory(z) offset(u) Δresource(z) created−eventEpoch(z)}; a free adds {@code lifetime(z)}; a move adds the
 * old placement {@code allocated−size(z) memoryType(u) heap(u) ΔdeviceMemory(z) offset(u) Δresource(z)}. The epoch
 * residual is the event's {@code epochMillis} minus the previous record's plus the whole milliseconds the monotonic
 * clock moved, usually 0.
 *
 * <p>Not thread-safe: an {@link Encoder} belongs to one batch at a time; {@link #decode} is a pure function.
 */
public final class AllocationRecordCodec {
    private static final int CREATED = 0;
    private static final int FREED = 1;
    private static final int MOVED = 2;
    private static final AllocationKind[] KINDS = AllocationKind.values();
    private static final MemoryUsage[] USAGES = MemoryUsage.values();

    private AllocationRecordCodec() {
    }

    /** Whether {@code event} is one the records carry: a creation, a free or a move. */
    public static boolean carries(MemoryEvent event) {
        return event instanceof AllocationCreated || event instanceof AllocationFreed
                || event instanceof AllocationMoved;
    }

    /** Appends records to one batch; {@link #finish()} hands the batch over and starts the next. */
    public static final class Encoder {
        private final Bytes out = new Bytes();
        private final Map<String, Integer> strings = new HashMap<>();
        private final Previous previous = new Previous();
        private long firstSequence = -1;
        private long lastSequence = -1;
        private int count;

        /** Appends {@code event}, which {@link #carries(MemoryEvent)}. */
        public void append(MemoryEvent event) {
            EventHeader h = event.header();
            if (count == 0) {
                firstSequence = h.sequence();
            }
            lastSequence = h.sequence();
            count++;
            int op = event instanceof AllocationCreated ? CREATED : event instanceof AllocationFreed ? FREED : MOVED;
            out.u(op);
            out.u(h.sequence() - previous.sequence);
            out.z(h.monotonicNanos() - previous.monotonic);
            out.z(h.epochMillis() - previous.predictEpoch(h.monotonicNanos()));
            previous.sequence = h.sequence();
            previous.monotonic = h.monotonicNanos();
            previous.epoch = h.epochMillis();
            string(h.tag());
            string(h.thread());
            if (event instanceof AllocationCreated c) {
                allocation(c.allocation(), h.epochMillis());
            } else if (event instanceof AllocationFreed f) {
                allocation(f.allocation(), h.epochMillis());
                out.z(f.lifetimeNanos());
            } else if (event instanceof AllocationMoved m) {
                allocation(m.allocation(), h.epochMillis());
                AllocationInfo before = m.before();
                out.z(before.allocatedBytes() - before.sizeBytes());
                out.u(before.memoryTypeIndex());
                out.u(before.heapIndex());
                handles(before);
            } else {
                throw new IllegalArgumentException("not an allocation record: " + event);
            }
        }

        private void allocation(AllocationInfo a, long eventEpoch) {
            out.z(a.id() - previous.id);
            previous.id = a.id();
            out.u(a.kind().ordinal() | (long) a.memoryUsage().ordinal() << 2);
            out.u(a.memoryTypeIndex());
            out.u(a.heapIndex());
            string(a.name());
            out.u(a.sizeBytes());
            out.z(a.allocatedBytes() - a.sizeBytes());
            handles(a);
            out.z(a.createdEpochMillis() - eventEpoch);
        }

        /** Block, offset and resource handle. */
        private void handles(AllocationInfo a) {
            out.z(a.deviceMemory() - previous.deviceMemory);
            previous.deviceMemory = a.deviceMemory();
            out.u(a.offset());
            out.z(a.resource() - previous.resource);
            previous.resource = a.resource();
        }

        private void string(@Nullable String s) {
            if (s == null) {
                out.u(0);
                return;
            }
            Integer index = strings.get(s);
            if (index != null) {
                out.u(index + 2L);
                return;
            }
            strings.put(s, strings.size());
            out.u(1);
            out.u(s.length());
            for (int i = 0; i < s.length(); i++) {
                out.u(s.charAt(i));
            }
        }

        /** Records appended since the last {@link #finish()}. */
        public int count() {
            return count;
        }

        /** Encoded bytes since the last {@link #finish()}. */
        public int bytes() {
            return out.size;
        }

        /** Fills {@code event} with the batch and starts a new one. */
        public void finish(AllocationRecordsJfrEvent event) {
            event.firstSequence = firstSequence;
            event.lastSequence = lastSequence;
            event.count = count;
            event.records = out.toSevenBitString();
            out.size = 0;
            strings.clear();
            previous.reset();
            count = 0;
            firstSequence = -1;
            lastSequence = -1;
        }
    }

    /**
     * The events of a batch: {@code count} records encoded in {@code records}, in order.
     *
     * @throws IllegalArgumentException if the encoding is broken (truncated, or a value out of range)
     */
    public static List<MemoryEvent> decode(String records, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative record count " + count);
        }
        Reader in = new Reader(records);
        Previous previous = new Previous();
        List<String> strings = new ArrayList<>();
        List<MemoryEvent> events = new ArrayList<>(Math.min(count, 1 << 16));
        try {
            for (int i = 0; i < count; i++) {
                int op = (int) in.u();
                long sequence = previous.sequence + in.u();
                long monotonic = previous.monotonic + in.z();
                long epoch = previous.predictEpoch(monotonic) + in.z();
                previous.sequence = sequence;
                previous.monotonic = monotonic;
                previous.epoch = epoch;
                String tag = nonNull(in.string(strings), "tag");
                EventHeader header = new EventHeader(sequence, monotonic, epoch, tag,
                        nonNull(in.string(strings), "thread"));
                AllocationInfo a = allocation(in, previous, strings, tag, epoch);
                events.add(switch (op) {
                    case CREATED -> new AllocationCreated(header, a);
                    case FREED -> new AllocationFreed(header, a, in.z());
                    case MOVED -> new AllocationMoved(header, placement(in, previous, a), a);
                    default -> throw new IllegalArgumentException("unknown record kind " + op);
                });
            }
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("allocation records end early: " + events.size() + " of " + count, e);
        }
        return events;
    }

    private static AllocationInfo allocation(Reader in, Previous previous, List<String> strings, String tag,
                                             long eventEpoch) {
        long id = previous.id + in.z();
        previous.id = id;
        int kindUsage = (int) in.u();
        int memoryType = (int) in.u();
        int heap = (int) in.u();
        String name = in.string(strings);
        long size = in.u();
        long allocated = size + in.z();
        long deviceMemory = previous.deviceMemory + in.z();
        previous.deviceMemory = deviceMemory;
        long offset = in.u();
        long resource = previous.resource + in.z();
        previous.resource = resource;
        long created = eventEpoch + in.z();
        return new AllocationInfo(id, tag, element(KINDS, kindUsage & 3), name, size, allocated,
                element(USAGES, kindUsage >>> 2), memoryType, heap, deviceMemory, offset, resource, created);
    }

    private static AllocationInfo placement(Reader in, Previous previous, AllocationInfo after) {
        long allocated = after.sizeBytes() + in.z();
        int memoryType = (int) in.u();
        int heap = (int) in.u();
        long deviceMemory = previous.deviceMemory + in.z();
        previous.deviceMemory = deviceMemory;
        long offset = in.u();
        long resource = previous.resource + in.z();
        previous.resource = resource;
        return new AllocationInfo(after.id(), after.tag(), after.kind(), after.name(), after.sizeBytes(), allocated,
                after.memoryUsage(), memoryType, heap, deviceMemory, offset, resource, after.createdEpochMillis());
    }

    private static <T> T element(T[] values, int ordinal) {
        if (ordinal < 0 || ordinal >= values.length) {
            throw new IllegalArgumentException("no " + values.getClass().getComponentType().getSimpleName()
                    + " number " + ordinal);
        }
        return values[ordinal];
    }

    private static String nonNull(@Nullable String s, String what) {
        if (s == null) {
            throw new IllegalArgumentException("allocation record without " + what);
        }
        return s;
    }

    /** The values the next record is a difference to; all zero at the start of a batch. */
    private static final class Previous {
        long sequence;
        long monotonic;
        long epoch;
        long id;
        long deviceMemory;
        long resource;

        long predictEpoch(long monotonicNanos) {
            return epoch + (Math.floorDiv(monotonicNanos, 1_000_000L) - Math.floorDiv(monotonic, 1_000_000L));
        }

        void reset() {
            sequence = 0;
            monotonic = 0;
            epoch = 0;
            id = 0;
            deviceMemory = 0;
            resource = 0;
        }
    }

    /** A growable byte buffer written as LEB128 varints. */
    private static final class Bytes {
        byte[] data = new byte[4096];
        int size;

        void u(long value) {
            long v = value;
            while ((v & ~0x7FL) != 0) {
                put((byte) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            put((byte) v);
        }

        void z(long value) {
            u((value << 1) ^ (value >> 63));
        }

        private void put(byte b) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = b;
        }

        /** The bytes as characters of 7 bits each (big-endian bit order), the last one padded with zeros. */
        String toSevenBitString() {
            char[] chars = new char[(size * 8 + 6) / 7];
            int c = 0;
            int bits = 0;
            int acc = 0;
            for (int i = 0; i < size; i++) {
                acc = (acc << 8) | (data[i] & 0xFF);
                bits += 8;
                while (bits >= 7) {
                    bits -= 7;
                    chars[c++] = (char) ((acc >>> bits) & 0x7F);
                }
                acc &= (1 << bits) - 1;
            }
            if (bits > 0) {
                chars[c++] = (char) ((acc << (7 - bits)) & 0x7F);
            }
            return new String(chars, 0, c);
        }
    }

    /** Reads the bytes back from their 7-bit characters, as they are needed. */
    private static final class Reader {
        private final String chars;
        private int next;
        private int acc;
        private int bits;

        Reader(String sevenBit) {
            this.chars = sevenBit;
        }

        private byte nextByte() {
            while (bits < 8) {
                char ch = chars.charAt(next); // past the end: IndexOutOfBoundsException, reported as "end early"
                if (ch > 0x7F) {
                    throw new IllegalArgumentException("allocation records hold a character above 7 bits at " + next);
                }
                next++;
                acc = (acc << 7) | ch;
                bits += 7;
            }
            bits -= 8;
            byte b = (byte) (acc >>> bits);
            acc &= (1 << bits) - 1;
            return b;
        }

        long u() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = nextByte();
                result |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return result;
                }
            }
            throw new IllegalArgumentException("allocation records hold a number longer than 64 bits");
        }

        long z() {
            long v = u();
            return (v >>> 1) ^ -(v & 1);
        }

        @Nullable String string(List<String> table) {
            long ref = u();
            if (ref == 0) {
                return null;
            }
            if (ref == 1) {
                long length = u();
                if (length < 0 || length > chars.length()) {
                    throw new IllegalArgumentException("allocation records hold a string of length " + length);
                }
                char[] chars = new char[(int) length];
                for (int i = 0; i < chars.length; i++) {
                    chars[i] = (char) u();
                }
                String s = new String(chars);
                table.add(s);
                return s;
            }
            if (ref - 2 >= table.size()) {
                throw new IllegalArgumentException("allocation records refer to string " + (ref - 2) + " of "
                        + table.size());
            }
            return table.get((int) (ref - 2));
        }
    }
}
