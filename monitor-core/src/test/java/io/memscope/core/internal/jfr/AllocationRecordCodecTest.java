package io.memscope.core.internal.jfr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memscope.core.AllocationKind;
import io.memscope.core.MemoryUsage;
import io.memscope.core.event.AllocationCreated;
import io.memscope.core.event.AllocationFreed;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.event.AllocationMoved;
import io.memscope.core.event.EventHeader;
import io.memscope.core.event.MemoryEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The compact allocation records: every value round-trips, extremes included; broken input is refused. */
class AllocationRecordCodecTest {
    private static AllocationInfo info(long id, String tag, AllocationKind kind, String name, long size, long allocated,
                                       MemoryUsage usage, int type, int heap, long memory, long offset, long resource,
                                       long created) {
        return new AllocationInfo(id, tag, kind, name, size, allocated, usage, type, heap, memory, offset, resource,
                created);
    }

    private static List<MemoryEvent> roundTrip(List<MemoryEvent> events) {
        AllocationRecordCodec.Encoder encoder = new AllocationRecordCodec.Encoder();
        events.forEach(encoder::append);
        AllocationRecordsJfrEvent batch = new AllocationRecordsJfrEvent();
        encoder.finish(batch);
        assertThat(batch.records.chars()).allMatch(c -> c < 0x80);
        assertThat(batch.count).isEqualTo(events.size());
        return AllocationRecordCodec.decode(batch.records, batch.count);
    }

    @Test
    void extremeValuesUnicodeAndNullsRoundTrip() {
        long now = System.currentTimeMillis();
        List<MemoryEvent> events = new ArrayList<>();
        events.add(new AllocationCreated(new EventHeader(1, Long.MIN_VALUE, 0, "t", "main"),
                info(Long.MAX_VALUE, "t", AllocationKind.IMAGE, null, 0, 0, MemoryUsage.values()[0], 0, 0,
                        Long.MIN_VALUE, 0, -1, Long.MIN_VALUE)));
        events.add(new AllocationCreated(new EventHeader(Long.MAX_VALUE, Long.MAX_VALUE, -5, "téxture 🚀", "线程"),
                info(Long.MIN_VALUE, "téxture 🚀", AllocationKind.BUFFER, "", Long.MAX_VALUE, -1,
                        MemoryUsage.values()[MemoryUsage.values().length - 1], 31, 15, Long.MAX_VALUE,
                        Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE)));
        AllocationInfo a = info(7, "mesh", AllocationKind.BUFFER, "vertices;1:\n", 65_536, 65_536, MemoryUsage.GPU_ONLY,
                1, 0, 0x5555_0000_1000L, 4096, 0x5555_0000_2000L, now);
        events.add(new AllocationCreated(new EventHeader(12, 1_000_000_000L, now, "mesh", "main"), a));
        AllocationInfo moved = info(7, "mesh", AllocationKind.BUFFER, "vertices;1:\n", 65_536, 131_072,
                MemoryUsage.GPU_ONLY, 2, 1, 0x5555_0000_9000L, 0, 0x5555_0000_3000L, now);
        events.add(new AllocationMoved(new EventHeader(13, 1_000_500_000L, now, "mesh", "defrag"), a, moved));
        events.add(new AllocationFreed(new EventHeader(14, 999_000_000L, now - 1, "mesh", "main"), moved, -3));
        assertThat(roundTrip(events)).isEqualTo(events);
    }

    @Test
    void randomBatchesRoundTrip() {
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            List<MemoryEvent> events = new ArrayList<>();
            long sequence = random.nextInt(1000);
            for (int i = 0; i < 1 + random.nextInt(300); i++) {
                sequence += 1 + random.nextInt(3);
                EventHeader h = new EventHeader(sequence, random.nextLong(), random.nextLong(), "tag" + random.nextInt(4),
                        "thread-" + random.nextInt(3));
                AllocationInfo info = info(random.nextLong(), h.tag(), AllocationKind.values()[random.nextInt(2)],
                        random.nextBoolean() ? null : "n" + random.nextInt(), random.nextLong() >>> 1,
                        random.nextLong(), MemoryUsage.values()[random.nextInt(MemoryUsage.values().length)],
                        random.nextInt(32), random.nextInt(16), random.nextLong(), random.nextLong() >>> 1,
                        random.nextLong(), random.nextLong());
                events.add(switch (random.nextInt(3)) {
                    case 0 -> new AllocationCreated(h, info);
                    case 1 -> new AllocationFreed(h, info, random.nextLong());
                    default -> new AllocationMoved(h, info(info.id(), info.tag(), info.kind(), info.name(),
                            info.sizeBytes(), random.nextLong(), info.memoryUsage(), random.nextInt(32),
                            random.nextInt(16), random.nextLong(), random.nextLong() >>> 1, random.nextLong(),
                            info.createdEpochMillis()), info);
                });
            }
            assertThat(roundTrip(events)).as("round %d", round).isEqualTo(events);
        }
    }

    @Test
    void aTypicalRecordTakesAFewBytes() {
        AllocationRecordCodec.Encoder encoder = new AllocationRecordCodec.Encoder();
        long now = System.currentTimeMillis();
        for (int i = 0; i < 1000; i++) {
            AllocationInfo a = info(1000 + i, "terrain", AllocationKind.BUFFER, null, 65_536, 65_536,
                    MemoryUsage.GPU_ONLY, 0, 0, 0x5555_0000_0000L + (i % 4) * 0x100_0000L, (i % 64) * 65_536L,
                    0x5555_1000_0000L + i * 0x40L, now);
            encoder.append(new AllocationCreated(new EventHeader(2L * i + 1, 5_000_000_000L + i * 3_000L, now,
                    "terrain", "main"), a));
            encoder.append(new AllocationFreed(new EventHeader(2L * i + 2, 5_000_001_000L + i * 3_000L, now,
                    "terrain", "main"), a, 1_000));
        }
        assertThat(encoder.bytes() / 2000.0).as("bytes per record").isLessThan(30);
    }

    @Test
    void brokenInputIsRefusedWithAClearException() {
        List<MemoryEvent> events = List.of(new AllocationCreated(new EventHeader(1, 2, 3, "t", "main"),
                info(1, "t", AllocationKind.BUFFER, null, 64, 64, MemoryUsage.GPU_ONLY, 0, 0, 1, 0, 1, 3)));
        AllocationRecordCodec.Encoder encoder = new AllocationRecordCodec.Encoder();
        events.forEach(encoder::append);
        AllocationRecordsJfrEvent batch = new AllocationRecordsJfrEvent();
        encoder.finish(batch);
        assertThatThrownBy(() -> AllocationRecordCodec.decode(batch.records, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("end early");
        assertThatThrownBy(() -> AllocationRecordCodec.decode(batch.records.substring(0, 3), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AllocationRecordCodec.decode("\u0100\u0000\u0000", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("7 bits");
        assertThatThrownBy(() -> AllocationRecordCodec.decode("", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AllocationRecordCodec.decode("\u007f\u007f\u007f", 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(AllocationRecordCodec.decode("", 0)).isEmpty();
    }
}
