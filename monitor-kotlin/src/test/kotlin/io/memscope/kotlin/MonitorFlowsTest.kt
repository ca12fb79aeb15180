package io.memscope.kotlin

import io.memscope.core.AllocatorCore
import io.memscope.core.AllocatorOptions
import io.memscope.core.DefragmentationAlgorithm
import io.memscope.core.DefragmentationOptions
import io.memscope.core.MonitorOptions
import io.memscope.core.MonitorThresholds
import io.memscope.core.OverflowPolicy
import io.memscope.core.TestDevice
import io.memscope.core.event.AllocationCreated
import io.memscope.core.event.AllocationEvent
import io.memscope.core.event.AllocationFreed
import io.memscope.core.event.BudgetSampled
import io.memscope.core.event.DefragmentationEvent
import io.memscope.core.event.DefragmentationFinished
import io.memscope.core.event.DefragmentationStarted
import io.memscope.core.event.EventsDropped
import io.memscope.core.event.MemoryEvent
import io.memscope.core.event.SnapshotTaken
import io.memscope.core.event.StatsSampled
import io.memscope.core.event.ThresholdCrossed
import java.time.Duration
import java.util.concurrent.CopyOnWriteArrayList
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.flow.transformWhile
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test

/**
 * The Flow views on a real device: each carries the events its Java stream carries, collection is a
 * subscription that ends with the collecting coroutine, and the collector's pace meets the overflow policy as
 * documented on [eventFlow].
 */
class MonitorFlowsTest {

    private fun core(monitor: MonitorOptions): AllocatorCore =
        AllocatorCore.create(TestDevice.context(), AllocatorOptions.defaults().withMonitor(monitor))

    private fun manualSampling(): MonitorOptions =
        MonitorOptions.defaults().withSampleInterval(Duration.ZERO).withOverflowPolicy(OverflowPolicy.LOSSLESS)

    /** Collects until (and including) the first element that [last] accepts. */
    private fun <T> Flow<T>.until(last: (T) -> Boolean): Flow<T> = transformWhile { emit(it); !last(it) }

    @Test
    fun `every Flow carries the events of its stream`(): Unit = runBlocking {
        core(manualSampling().withThresholds(MonitorThresholds.defaults().withUsageWarning(1e-6))).use { core ->
            val monitor = core.monitor()
            withTimeout(60_000) {
                // UNDISPATCHED: each collector is subscribed when async returns; collection then goes on elsewhere
                fun <T> collecting(flow: Flow<T>) = async(Dispatchers.Default, CoroutineStart.UNDISPATCHED) { flow.toList() }
                val everything = collecting(monitor.eventFlow.until { it is DefragmentationFinished })
                val allocations = collecting(monitor.allocationFlow.filter { it.tag() == "Flows" }.take(2))
                val budgets = collecting(monitor.budgetFlow.take(1))
                val stats = collecting(monitor.statsFlow.take(1))
                val warnings = collecting(monitor.warningFlow.take(1))
                val defragmentation = collecting(monitor.defragmentationFlow.until { it is DefragmentationFinished })

                core.allocator("Flows").buffer(256.KiB) { usage(STORAGE) }.use {
                    monitor.sampleNow() // usage above the 1e-6 line: a warning
                }
                val result = core.defragment(DefragmentationOptions.of(DefragmentationAlgorithm.FAST))

                val allocationEvents: List<AllocationEvent> = allocations.await()
                assertThat(allocationEvents).hasExactlyElementsOfTypes(AllocationCreated::class.java, AllocationFreed::class.java)
                assertThat(allocationEvents.map { it.allocation().sizeBytes }).containsOnly(256L * 1024)
                val budget: BudgetSampled = budgets.await().single()
                assertThat(budget.budget.heaps).isNotEmpty
                val sample: StatsSampled = stats.await().single()
                assertThat(sample.stats.allocationCount()).isEqualTo(1)
                val warning: ThresholdCrossed = warnings.await().single()
                assertThat(warning.isRaised).isTrue()
                assertThat(warning.kind).isEqualTo(ThresholdCrossed.Kind.USAGE_WARNING)
                val defragmentationEvents: List<DefragmentationEvent> = defragmentation.await()
                assertThat(defragmentationEvents.first()).isInstanceOf(DefragmentationStarted::class.java)
                assertThat((defragmentationEvents.last() as DefragmentationFinished).result).isEqualTo(result)

                val all: List<MemoryEvent> = everything.await()
                assertThat(all).containsAll(allocationEvents + budget + sample + warning + defragmentationEvents)
                assertThat(all.map { it.sequence() }).isSorted.doesNotHaveDuplicates()
            }
        }
    }

    @Test
    fun `cancelling the collecting coroutine cancels the subscription`(): Unit = runBlocking {
        core(MonitorOptions.defaults().withSampleInterval(Duration.ofMillis(20))).use { core ->
            val monitor = core.monitor()
            val cache = core.allocator("Cancelled")
            val received = CopyOnWriteArrayList<MemoryEvent>()
            val collector = launch(Dispatchers.Default, CoroutineStart.UNDISPATCHED) {
                monitor.eventFlow.collect { received += it }
            }
            withTimeout(60_000) {
                // subscribed: the sampler runs (it samples only while someone subscribes) and allocations arrive
                while (received.none { it is StatsSampled } || received.none { it is AllocationCreated && it.tag() == "Cancelled" }) {
                    cache.buffer(4.KiB) { usage(UNIFORM) }.use { }
                    delay(5)
                }
            }
            collector.cancelAndJoin()
            val cancelledAt = System.nanoTime()
            val seen = received.size

            repeat(50) { cache.buffer(4.KiB) { usage(UNIFORM) }.use { } }
            delay(1_000)
            assertThat(received).hasSize(seen)

            // Nobody subscribes any more, so the sampler has stopped: the latest sample, replayed to a new
            // collector, is from before the cancellation (while subscribed it would be at most ~20 ms old).
            val latest = monitor.statsFlow.first()
            assertThat(Duration.ofNanos(latest.header().monotonicNanos() - cancelledAt)).isLessThan(Duration.ofMillis(500))
        }
    }

    @Test
    fun `a slow collector under DROP_OLDEST gets EventsDropped and never holds allocation up`(): Unit = runBlocking {
        core(MonitorOptions.defaults().withSampleInterval(Duration.ZERO).withBufferCapacity(16)).use { core ->
            val monitor = core.monitor()
            val gate = CompletableDeferred<Unit>()
            val events = async(Dispatchers.Default, CoroutineStart.UNDISPATCHED) {
                monitor.eventFlow
                    .until { it is SnapshotTaken && it.snapshot.description == "end" }
                    .collectPaced { gate.await() } // stalls on the first event until the allocations are done
            }
            val burst = core.allocator("Burst")
            repeat(1_000) { burst.buffer(4.KiB) { usage(VERTEX) }.use { } } // the collector takes nothing meanwhile
            gate.complete(Unit)
            val received = withTimeout(60_000) {
                while (!events.isCompleted) { // a full intake may drop the newest event: mark the end until it arrives
                    monitor.takeSnapshot("end")
                    delay(50)
                }
                events.await()
            }
            val dropped = received.filterIsInstance<EventsDropped>()
            assertThat(dropped).isNotEmpty
            assertThat(dropped.sumOf { it.count }).isPositive()
            assertThat(received.size).isLessThan(2_000)
            assertThat(received.map { it.sequence() }).isSorted
        }
    }

    @Test
    fun `a slow collector under LOSSLESS gets every event, in order`(): Unit = runBlocking {
        core(manualSampling().withBufferCapacity(16)).use { core ->
            val monitor = core.monitor()
            val events = async(Dispatchers.Default, CoroutineStart.UNDISPATCHED) {
                monitor.eventFlow.take(600).collectPaced { delay(1) } // slower than the allocations
            }
            // allocating on this thread while the collector runs on another: allocation waits for it, never for itself
            val burst = core.allocator("Burst")
            repeat(300) { burst.buffer(4.KiB) { usage(VERTEX) }.use { } }

            val received = withTimeout(60_000) { events.await() }
            assertThat(received).noneMatch { it is EventsDropped }
            val first = received.first().sequence()
            assertThat(received.map { it.sequence() }).isEqualTo((first until first + 600).toList())
        }
    }

    /** Collects into a list, calling [pace] before each element. */
    private suspend fun <T> Flow<T>.collectPaced(pace: suspend () -> Unit): List<T> {
        val list = ArrayList<T>()
        collect {
            pace()
            list += it
        }
        return list
    }
}
