package io.memscope.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.memscope.core.event.AllocationCreated;
import io.memscope.core.event.AllocationFreed;
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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The hierarchy is closed: every leaf under {@link MemoryEvent} is a record, and these are all of them. A
 * new event type fails this test until it is listed here and handled by {@code KotlinEventsTest}'s
 * exhaustive {@code when} (which the compiler enforces).
 */
class EventHierarchyTest {

    @Test
    void everyEventIsARecordAndTheSetIsClosed() {
        Set<Class<?>> leaves = new HashSet<>();
        Deque<Class<?>> pending = new ArrayDeque<>();
        pending.add(MemoryEvent.class);
        while (!pending.isEmpty()) {
            Class<?> type = pending.pop();
            if (type.isSealed()) {
                pending.addAll(java.util.List.of(type.getPermittedSubclasses()));
            } else {
                assertThat(type.isRecord()).as(type + " is a record").isTrue();
                leaves.add(type);
            }
        }
        assertThat(leaves).containsExactlyInAnyOrder(AllocationCreated.class, AllocationFreed.class,
                AllocationMoved.class, StatsSampled.class, BudgetSampled.class, ThresholdCrossed.class,
                DefragmentationStarted.class, DefragmentationProgress.class, DefragmentationFinished.class,
                SnapshotTaken.class, LeakReported.class, EventsDropped.class);
    }
}
