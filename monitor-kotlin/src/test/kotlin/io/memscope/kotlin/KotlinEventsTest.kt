package io.memscope.kotlin

import io.memscope.core.AllocatorCore
import io.memscope.core.AllocatorOptions
import io.memscope.core.MonitorOptions
import io.memscope.core.OverflowPolicy
import io.memscope.core.TestDevice
import io.memscope.core.event.AllocationCreated
import io.memscope.core.event.AllocationFreed
import io.memscope.core.event.AllocationMoved
import io.memscope.core.event.BudgetSampled
import io.memscope.core.event.DefragmentationFinished
import io.memscope.core.event.DefragmentationProgress
import io.memscope.core.event.DefragmentationStarted
import io.memscope.core.event.EventsDropped
import io.memscope.core.event.LeakReported
import io.memscope.core.event.MemoryEvent
import io.memscope.core.event.SnapshotTaken
import io.memscope.core.event.StatsSampled
import io.memscope.core.event.ThresholdCrossed
import java.time.Duration
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.dropWhile
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test

/**
 * A Kotlin engine consumes memscope's events as a coroutine Flow and dispatches with an exhaustive `when`
 * (no `else`: adding an event type breaks this file's compilation until it is handled).
 */
class KotlinEventsTest {

    private fun describe(event: MemoryEvent): String = when (event) {
        is AllocationCreated -> "+${event.allocation.sizeBytes} ${event.tag()}"
        is AllocationFreed -> "-${event.allocation.sizeBytes} ${event.tag()}"
        is AllocationMoved -> "moved ${event.allocation.id}"
        is StatsSampled -> "stats ${event.stats.usedBytes()}"
        is BudgetSampled -> "budget ${event.budget.budgetBytes()}"
        is ThresholdCrossed -> "${event.kind} ${event.direction}"
        is DefragmentationStarted -> "defrag ${event.algorithm}"
        is DefragmentationProgress -> "pass ${event.pass}"
        is DefragmentationFinished -> "defragmented ${event.result.bytesMoved()}"
        is SnapshotTaken -> "snapshot ${event.snapshot.description}"
        is LeakReported -> "leak ${event.leak.id}"
        is EventsDropped -> "dropped ${event.count}"
    }

    @Test
    fun `events arrive as a Flow and when is exhaustive`() {
        val options = AllocatorOptions.defaults()
            .withMonitor(MonitorOptions.defaults().withSampleInterval(Duration.ZERO).withOverflowPolicy(OverflowPolicy.LOSSLESS))
        AllocatorCore.create(TestDevice.context(), options).use { core ->
            val monitor = core.monitor()
            val mesh = core.allocator("KotlinMesh")
            val descriptions = runBlocking {
                withTimeout(60_000) {
                    val collected = async {
                        monitor.eventFlow
                            .filter { it.tag() == "KotlinMesh" }
                            .dropWhile { it is AllocationFreed } // subscribed between an allocation and its free
                            .map(::describe)
                            .take(4)
                            .toList()
                    }
                    // subscription starts when the collector first runs: allocate until it has what it waits for
                    while (!collected.isCompleted) {
                        mesh.buffer(1.KiB) { usage(VERTEX) }.use { }
                        yield()
                    }
                    collected.await()
                }
            }
            assertThat(descriptions).containsExactly("+1024 KotlinMesh", "-1024 KotlinMesh", "+1024 KotlinMesh", "-1024 KotlinMesh")
        }
    }
}
