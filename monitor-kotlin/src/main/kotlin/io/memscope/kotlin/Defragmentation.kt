@file:JvmName("Defragmentation")

package io.memscope.kotlin

import io.memscope.core.Allocation
import io.memscope.core.AllocatorCore
import io.memscope.core.DefragmentationOptions
import io.memscope.core.MemoryAllocator
import io.memscope.core.MemoryMonitor
import io.memscope.core.exceptions.AllocatorClosedException
import io.memscope.core.stats.DefragmentationResult
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

// Why "await": the blocking Java method is a member called `defragment`, and a member always wins over an
// extension of the same signature, so a suspending `defragment(options)` would never be called. A different
// name also keeps a blocking call from hiding in suspending code under the same spelling.

/**
 * Suspending [AllocatorCore.defragment]: runs the defragmentation on [dispatcher] and suspends the caller
 * meanwhile instead of blocking its thread. Moves memory for real (new resource, GPU copy, old resource
 * destroyed; the Java handles stay the same) and publishes defragmentation events ([defragmentationFlow]) and
 * one `AllocationMoved` per move ([allocationFlow]).
 *
 * **Threading and cost.** The work blocks one thread of [dispatcher] for its whole duration (VMA's passes and
 * the GPU copies, milliseconds to seconds depending on what moves), which is why the default is
 * [Dispatchers.IO]. It holds the core's lock throughout: allocation, free and map on other threads *wait*
 * meanwhile, whichever dispatcher runs it. Bound each stall with [DefragmentationOptions.step].
 *
 * **Cancellation.** The native work is not interrupted: VMA's passes and the GPU copies cannot be stopped
 * halfway from outside. If the calling coroutine is cancelled while the defragmentation runs, the
 * defragmentation still runs to the end of its passes, the caller stays suspended (its thread stays free)
 * until then, and the call then throws [CancellationException]; the moves have happened and their events
 * are published, only the result is not returned. A caller cancelled before the work starts on [dispatcher]
 * does not start it. To make a long defragmentation stoppable, run bounded steps, which checks for
 * cancellation between steps:
 * ```
 * do {
 *     val step = core.awaitDefragment(DefragmentationOptions.step(DefragmentationAlgorithm.FULL, 64.MiB, 256))
 * } while (!step.complete)
 * ```
 *
 * @param options algorithm and limits
 * @param dispatcher where the blocking work runs; a dispatcher meant for blocking calls
 * @return what moved, with the figures before and after
 * @throws AllocatorClosedException if the core is closed
 * @throws CancellationException if the caller was cancelled (see above)
 */
public suspend fun AllocatorCore.awaitDefragment(
    options: DefragmentationOptions,
    dispatcher: CoroutineDispatcher = Dispatchers.IO,
): DefragmentationResult = withContext(dispatcher) { defragment(options) }

/**
 * Suspending [AllocatorCore.defragment] restricted to [candidates]: only they may move, the others stay.
 * Threading, cost and cancellation as [awaitDefragment].
 *
 * @param options algorithm and limits
 * @param candidates allocations of this core that may move
 * @param dispatcher where the blocking work runs
 * @return what moved, with the figures before and after
 * @throws io.memscope.core.exceptions.ForeignAllocationException if a candidate belongs to another core
 * @throws AllocatorClosedException if the core is closed
 */
public suspend fun AllocatorCore.awaitDefragment(
    options: DefragmentationOptions,
    candidates: Collection<Allocation>,
    dispatcher: CoroutineDispatcher = Dispatchers.IO,
): DefragmentationResult = withContext(dispatcher) { defragment(options, candidates) }

/**
 * Suspending [MemoryMonitor.defragment] (the whole device of this monitor's core). Threading, cost and
 * cancellation as [AllocatorCore.awaitDefragment].
 *
 * @param options algorithm and limits
 * @param dispatcher where the blocking work runs
 * @return what moved, with the figures before and after
 */
public suspend fun MemoryMonitor.awaitDefragment(
    options: DefragmentationOptions,
    dispatcher: CoroutineDispatcher = Dispatchers.IO,
): DefragmentationResult = withContext(dispatcher) { defragment(options) }

/**
 * Suspending [MemoryAllocator.defragment] (the whole device of this facade's core, not only its tag).
 * Threading, cost and cancellation as [AllocatorCore.awaitDefragment].
 *
 * @param options algorithm and limits; e.g. `DefragmentationOptions.of(DefragmentationAlgorithm.BALANCED)`, VMA's
 *     default algorithm
 * @param dispatcher where the blocking work runs
 * @return what moved, with the figures before and after
 */
public suspend fun MemoryAllocator.awaitDefragment(
    options: DefragmentationOptions,
    dispatcher: CoroutineDispatcher = Dispatchers.IO,
): DefragmentationResult = withContext(dispatcher) { defragment(options) }

/**
 * Suspending [MemoryAllocator.endDefragmentation]: runs the session opened with
 * [MemoryAllocator.beginDefragmentation] (and its marks) on [dispatcher]. Threading, cost and cancellation as
 * [AllocatorCore.awaitDefragment]; a caller cancelled before the work starts leaves the session open.
 *
 * @param dispatcher where the blocking work runs
 * @return what moved, with the figures before and after
 * @throws IllegalStateException if no session is open
 */
public suspend fun MemoryAllocator.awaitEndDefragmentation(
    dispatcher: CoroutineDispatcher = Dispatchers.IO,
): DefragmentationResult = withContext(dispatcher) { endDefragmentation() }
