package io.memscope.kotlin

import io.memscope.core.AllocatorCore
import io.memscope.core.AllocatorOptions
import io.memscope.core.BufferAllocation
import io.memscope.core.DefragmentationAlgorithm
import io.memscope.core.DefragmentationOptions
import io.memscope.core.MemoryAllocator
import io.memscope.core.MonitorOptions
import io.memscope.core.OverflowPolicy
import io.memscope.core.TestDevice
import io.memscope.core.event.AllocationMoved
import io.memscope.core.event.DefragmentationEvent
import io.memscope.core.event.DefragmentationFinished
import io.memscope.core.event.DefragmentationStarted
import io.memscope.core.event.MemoryEvent
import io.reactivex.rxjava3.subscribers.TestSubscriber
import java.time.Duration
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicReference
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.cancel
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.flow.transformWhile
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test

/**
 * The suspending defragmentation on a real device: it moves allocations on another thread, publishes its
 * events, leaves the caller's thread free, and a cancelled caller neither interrupts nor skips the native work
 * once it has begun. That moved contents stay intact is DefragmentationTest's business (monitor-core).
 */
class AwaitDefragmentTest {

    /** A core with 1 MiB blocks, and every other one of 48 buffers freed: half-empty blocks to compact. */
    private class Fragmented : AutoCloseable {
        val core: AllocatorCore = AllocatorCore.create(TestDevice.context(), AllocatorOptions.defaults()
            .withPreferredLargeHeapBlockSize(1.MiB)
            .withMonitor(MonitorOptions.defaults().withSampleInterval(Duration.ZERO).withOverflowPolicy(OverflowPolicy.LOSSLESS)))
        val allocator: MemoryAllocator = core.allocator("Scene")
        val survivors: List<BufferAllocation>

        init {
            val buffers = List(48) { i -> allocator.buffer(64.KiB) { usage(STORAGE, TRANSFER_DST); named("buffer $i") } }
            buffers.filterIndexed { i, _ -> i % 2 == 0 }.forEach { it.close() }
            survivors = buffers.filter { it.isLive }
        }

        override fun close() {
            survivors.filter { it.isLive }.forEach { it.close() }
            core.close()
        }
    }

    private fun <T> kotlinx.coroutines.flow.Flow<T>.until(last: (T) -> Boolean) = transformWhile { emit(it); !last(it) }

    @Test
    fun `awaitDefragment moves allocations on Dispatchers IO and publishes the events`(): Unit = runBlocking {
        Fragmented().use { scene ->
            val monitor = scene.core.monitor()
            val events = async(Dispatchers.Default, CoroutineStart.UNDISPATCHED) {
                monitor.eventFlow.until { it is DefragmentationFinished }.toList()
            }
            val caller = Thread.currentThread().name

            val result = withTimeout(60_000) { scene.core.awaitDefragment(DefragmentationOptions.of(DefragmentationAlgorithm.FULL)) }

            assertThat(result.allocationsMoved()).isPositive()
            assertThat(result.blocksFreed()).isPositive()
            val received: List<MemoryEvent> = withTimeout(60_000) { events.await() }
            val started = received.filterIsInstance<DefragmentationStarted>().single()
            assertThat(started.header().thread()).isNotEqualTo(caller).startsWith("DefaultDispatcher-worker")
            assertThat(received.filterIsInstance<DefragmentationFinished>().single().result).isEqualTo(result)
            val moves = received.filterIsInstance<AllocationMoved>()
            assertThat(moves).hasSize(result.allocationsMoved())
            // the Java handles followed their memory (to the last place, for one that moved in several passes)
            val byId = scene.survivors.associateBy { it.id }
            for (move in moves.associateBy { it.allocation.id }.values) {
                val handle = byId.getValue(move.allocation.id)
                assertThat(handle.isLive).isTrue()
                assertThat(handle.deviceMemory to handle.offset).isEqualTo(move.allocation.deviceMemory to move.allocation.offset)
                assertThat(handle.buffer).isEqualTo(move.allocation.resource)
            }
        }
    }

    @Test
    fun `a cancelled caller waits for the native work without blocking its thread, then sees the cancellation`(): Unit = runBlocking {
        Fragmented().use { scene ->
            val defragmentation: TestSubscriber<DefragmentationEvent> = scene.core.monitor().defragmentation().test()
            val defragmenter = AtomicReference<Thread>()
            val worker = Executors.newSingleThreadExecutor { task ->
                Thread(task, "defragmenter").apply { isDaemon = true }.also { defragmenter.set(it) }
            }
            val dispatcher = worker.asCoroutineDispatcher()
            val release = CountDownLatch(1)
            val holding = CountDownLatch(1)
            // another thread holds the core's lock, so the defragmentation, once begun, cannot get on
            val holder = Thread {
                scene.core.withVma { _ ->
                    holding.countDown()
                    release.await()
                }
            }.apply { start() }
            try {
                assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue()
                val job = launch {
                    scene.core.awaitDefragment(DefragmentationOptions.of(DefragmentationAlgorithm.FULL), dispatcher)
                }
                withTimeout(30_000) { // until the work has begun: it waits for the lock inside AllocatorCore.defragment
                    while (defragmenter.get()?.stackTrace.orEmpty().none { it.className == AllocatorCore::class.java.name && it.methodName == "defragment" }) {
                        delay(5)
                    }
                }
                job.cancel()
                delay(300) // this coroutine runs on the caller's thread: the thread is free while the work waits
                assertThat(job.isCancelled).isTrue()
                assertThat(job.isCompleted).describedAs("returns only once the native work is done").isFalse()

                release.countDown()
                withTimeout(60_000) { job.join() }
                withTimeout(30_000) { // the work ran to its end
                    while (defragmentation.values().none { it is DefragmentationFinished }) {
                        delay(10)
                    }
                }
                val finished = defragmentation.values().filterIsInstance<DefragmentationFinished>().single()
                assertThat(finished.result.allocationsMoved()).isPositive()
                assertThat(finished.header().thread()).startsWith("defragmenter") // "defragmenter @coroutine#n" in debug mode
            } finally {
                release.countDown()
                holder.join()
                dispatcher.close()
            }
        }
    }

    @Test
    fun `a caller cancelled before the work starts does not start it`(): Unit = runBlocking {
        Fragmented().use { scene ->
            val defragmentation: TestSubscriber<DefragmentationEvent> = scene.core.monitor().defragmentation().test()
            var returned = false
            val attempt = launch {
                cancel()
                scene.core.awaitDefragment(DefragmentationOptions.of(DefragmentationAlgorithm.FULL))
                returned = true
            }
            attempt.join()
            assertThat(attempt.isCancelled).isTrue()
            assertThat(returned).isFalse()

            val result = scene.core.defragment(DefragmentationOptions.of(DefragmentationAlgorithm.FULL))
            assertThat(result.allocationsMoved()).describedAs("nothing was moved before").isPositive()
            scene.core.close()
            defragmentation.await(30, TimeUnit.SECONDS)
            assertThat(defragmentation.values().filterIsInstance<DefragmentationStarted>()).hasSize(1)
        }
    }

    @Test
    fun `the other entry points move only what they may`(): Unit = runBlocking {
        Fragmented().use { scene ->
            val events: TestSubscriber<MemoryEvent> = scene.core.monitor().events().test()
            val full = DefragmentationOptions.of(DefragmentationAlgorithm.FULL)
            val candidates = scene.survivors.takeLast(4)
            scene.core.awaitDefragment(full, candidates)

            val marked = scene.survivors.first()
            scene.allocator.beginDefragmentation(DefragmentationAlgorithm.FULL)
            scene.allocator.markForDefragmentation(marked)
            scene.allocator.awaitEndDefragmentation()

            val viaAllocator = scene.allocator.awaitDefragment(full)
            val viaMonitor = scene.core.monitor().awaitDefragment(full)
            assertThat(viaMonitor.complete()).isTrue()
            assertThat(scene.survivors).allMatch { it.isLive }

            scene.close()
            assertThat(events.await(60, TimeUnit.SECONDS)).isTrue()
            // one list of moved ids per run, in the order the runs happened
            val runs = mutableListOf<MutableSet<Long>>()
            for (event in events.values()) {
                when (event) {
                    is DefragmentationStarted -> runs += mutableSetOf<Long>()
                    is AllocationMoved -> runs.last() += event.allocation.id
                    else -> Unit
                }
            }
            assertThat(runs).hasSize(4)
            assertThat(runs[0]).isSubsetOf(candidates.map { it.id })
            assertThat(runs[1]).isSubsetOf(marked.id)
            assertThat(runs[0].size + runs[1].size + viaAllocator.allocationsMoved())
                .describedAs("the restricted runs left work for the whole-device one").isPositive()
        }
    }
}
