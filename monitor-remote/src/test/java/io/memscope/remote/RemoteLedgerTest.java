package io.memscope.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.memscope.core.AllocationKind;
import io.memscope.core.MemoryUsage;
import io.memscope.core.event.AllocationCreated;
import io.memscope.core.event.AllocationFreed;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.event.AllocationMoved;
import io.memscope.core.event.EventHeader;
import io.memscope.core.event.EventsDropped;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.management.MemoryMonitorClient.SequencedState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ledger's sequence rules on their own: which events apply, which are stale, when events were lost. */
class RemoteLedgerTest {
    private final List<MemoryEvent> published = new ArrayList<>();
    private final RemoteLedger ledger = new RemoteLedger(published::add);

    private static AllocationInfo info(long id, long offset) {
        return new AllocationInfo(id, "T", AllocationKind.BUFFER, null, 256, 256, MemoryUsage.GPU_ONLY, 0, 0, 1,
                offset, 100 + id, 0);
    }

    private static EventHeader header(long sequence) {
        return new EventHeader(sequence, sequence, sequence, "T", "main");
    }

    private static AllocationCreated created(long sequence, long id) {
        return new AllocationCreated(header(sequence), info(id, id * 256));
    }

    private static AllocationFreed freed(long sequence, long id) {
        return new AllocationFreed(header(sequence), info(id, id * 256), 1);
    }

    private static List<Long> ids(RemoteLedger ledger) {
        return ledger.live().stream().map(AllocationInfo::id).toList();
    }

    @Test
    void eventsHeldBeforeTheStateAreSortedOutByIt() {
        assertThat(ledger.offer(created(5, 5))).isNull();
        assertThat(ledger.offer(created(6, 6))).isNull();
        assertThat(ledger.offer(created(7, 7))).isNull();
        assertThat(published).isEmpty();

        assertThat(ledger.reset(new SequencedState(6, List.of(info(1, 0), info(5, 5 * 256), info(6, 6 * 256)))))
                .isNull();
        assertThat(ids(ledger)).containsExactly(1L, 5L, 6L, 7L);
        assertThat(published).extracting(MemoryEvent::sequence).containsExactly(7L);
        assertThat(ledger.lastApplied()).isEqualTo(7);
    }

    @Test
    void appliesInOrderSkipsStaleAndWaitsForAGapUntilTheFlush() {
        ledger.reset(new SequencedState(10, List.of(info(1, 0))));
        assertThat(ledger.offer(created(9, 9))).isNull(); // stale
        assertThat(ledger.offer(created(12, 12))).isNull(); // early: waits
        assertThat(ids(ledger)).containsExactly(1L);
        assertThat(ledger.offer(created(11, 11))).isNull(); // fills the gap
        assertThat(ids(ledger)).containsExactly(1L, 11L, 12L);
        assertThat(ledger.flush()).isNull();

        assertThat(ledger.offer(freed(14, 11))).isNull();
        assertThat(ledger.flush()).isEqualTo("events 13..13 never arrived");

        // a resync sorts the waiting event out
        assertThat(ledger.reset(new SequencedState(13, List.of(info(1, 0), info(11, 11 * 256))))).isNull();
        assertThat(ids(ledger)).containsExactly(1L);
        assertThat(ledger.flush()).isNull();
    }

    @Test
    void movesReplaceThePlacementAndContradictionsAreLosses() {
        ledger.reset(new SequencedState(0, List.of()));
        ledger.offer(created(1, 1));
        assertThat(ledger.offer(new AllocationMoved(header(2), info(1, 256), info(1, 4096)))).isNull();
        assertThat(ledger.live()).singleElement().extracting(AllocationInfo::offset).isEqualTo(4096L);
        assertThat(ledger.offer(created(3, 1))).isEqualTo("allocation 1 created twice");
        assertThat(ledger.offer(freed(4, 99))).isEqualTo("allocation 99 freed but not known");
    }

    @Test
    void dropReportsAreLossesOnlyWhenTheyAreNewerThanTheState() {
        ledger.reset(new SequencedState(20, List.of()));
        assertThat(ledger.offer(new EventsDropped(header(18), 3, 3, false))).isNull();
        assertThat(ledger.offer(new EventsDropped(header(19), 3, 6, true))).isNull();
        assertThat(ledger.offer(new EventsDropped(header(20), 1, 7, true))).contains("at intake");
        assertThat(ledger.offer(new EventsDropped(header(23), 2, 9, false))).contains("dropped 2 events");
        assertThat(published).hasSize(2).allMatch(EventsDropped.class::isInstance);
    }
}
