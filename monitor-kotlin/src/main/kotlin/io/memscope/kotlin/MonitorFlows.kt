@file:JvmName("MonitorFlows")

package io.memscope.kotlin

import io.memscope.core.MemoryMonitor
import io.memscope.core.MonitorOptions
import io.memscope.core.OverflowPolicy
import io.memscope.core.event.AllocationEvent
import io.memscope.core.event.BudgetSampled
import io.memscope.core.event.DefragmentationEvent
import io.memscope.core.event.EventsDropped
import io.memscope.core.event.MemoryEvent
import io.memscope.core.event.StatsSampled
import io.memscope.core.event.ThresholdCrossed
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.conflate
import kotlinx.coroutines.reactive.asFlow

/**
 * Every event of this monitor ([MemoryMonitor.events]) as a cold [Flow]. `when` over the collected
 * [MemoryEvent] is exhaustive without `else` (the hierarchy is sealed).
 *
 * **Subscription.** Each collection is one subscriber of the monitor, made when `collect` starts and
 * cancelled when collection ends: normally, by an exception, by cancellation of the collecting coroutine, or
 * when an operator such as `take` or `first` has what it needs. Subscribing happens synchronously inside
 * `collect`, before its first suspension: a collector started with [CoroutineStart.UNDISPATCHED] is subscribed
 * when `launch` returns, so it sees every event caused afterwards (unless an operator such as `flowOn`, or a
 * `buffer` that does not sit directly on this Flow, moves the collection into a coroutine of its own). The streams are hot: nothing from before the
 * subscription is replayed (except the latest sample on [budgetFlow] and [statsFlow]); call
 * [MemoryMonitor.getLiveAllocations] after subscribing for what already exists. The Flow completes normally
 * when the core closes.
 *
 * **Backpressure: how the collector's pace meets the [OverflowPolicy].** The Flow requests events in
 * batches of its buffer (64 by default; `buffer(n)` applied directly to this Flow sets the batch) and requests
 * more only as the collector takes them; memscope's delivery thread never waits for the collector. Events
 * not yet requested wait in memscope's per-subscriber buffer ([MonitorOptions.bufferCapacity], 65,536 by
 * default). When a slow collector lets that fill up, the monitor's policy decides:
 * - [OverflowPolicy.DROP_OLDEST] (the default) and [OverflowPolicy.LATEST]: the oldest buffered events are
 *   discarded and this Flow delivers an [EventsDropped] in their place, counting them. Allocation never waits.
 *   The typed flows ([allocationFlow], ...) cannot carry `EventsDropped`: their losses are silent (still
 *   counted in the monitor's totals).
 * - [OverflowPolicy.LOSSLESS]: nothing is lost; memscope waits for the collector, first its drain thread and
 *   then the **allocating threads**. A suspended collector stalls allocation. Never collect a `LOSSLESS` flow
 *   on the thread that allocates (`runBlocking`'s thread, a single-threaded engine dispatcher): the
 *   allocation would wait for a collector that waits for that thread. For the same reason the collector must
 *   not allocate through the same core.
 * - `buffer(Channel.UNLIMITED)`, [conflate] or `buffer(n, DROP_*)` applied directly to this Flow make it request
 *   everything at once: memscope then never holds events back, and whatever is lost is lost inside the Flow,
 *   unreported (no `EventsDropped`). Use that for gauges that only want the newest value; rely on memscope's
 *   policy when losses must be known.
 *
 * **Threading.** The collector runs in the collecting coroutine's context (its dispatcher), never on an
 * allocating thread; memscope's delivery thread only hands events to the Flow's channel. Events of one thread
 * arrive in the order that thread caused them.
 *
 * **Cost.** Getting the Flow is free (it is a fresh cold wrapper each time); each collection costs what one
 * subscriber of [MemoryMonitor] costs (a delivery thread and a bounded buffer, see [MemoryMonitor]) plus
 * the Flow's channel of 64 events. While a collector of [eventFlow] or [allocationFlow] is active, allocation
 * records events (one queue offer each); with none (samples, warnings and defragmentation flows only), the hot
 * path skips them.
 */
public val MemoryMonitor.eventFlow: Flow<MemoryEvent>
    get() = events().asFlow()

/**
 * Allocation created / freed / moved events ([MemoryMonitor.allocations]) as a cold [Flow]; `when` over
 * [AllocationEvent] is exhaustive. Subscription, backpressure, threading and cost as [eventFlow], except that
 * losses to a dropping [OverflowPolicy] are not reported in-stream.
 */
public val MemoryMonitor.allocationFlow: Flow<AllocationEvent>
    get() = allocations().asFlow()

/**
 * Budget samples ([MemoryMonitor.budgets]) as a cold [Flow] of state: a collector first gets the latest sample
 * at once (if the sampler or [MemoryMonitor.sampleNow] has produced one), then each new one (every
 * [MonitorOptions.sampleInterval] while anyone subscribes). Subscription, backpressure, threading and cost as
 * [eventFlow]; samples do not turn allocation recording on. For a gauge that only wants the newest value,
 * `budgetFlow.conflate()`.
 */
public val MemoryMonitor.budgetFlow: Flow<BudgetSampled>
    get() = budgets().asFlow()

/**
 * Statistics samples ([MemoryMonitor.stats]: per heap, memory type and tag, fragmentation) as a cold [Flow] of
 * state, with the same replay-the-latest behaviour as [budgetFlow]. Subscription, backpressure, threading and
 * cost as [eventFlow].
 */
public val MemoryMonitor.statsFlow: Flow<StatsSampled>
    get() = stats().asFlow()

/**
 * Threshold crossings ([MemoryMonitor.warnings]: usage, fragmentation, over budget; up and down) as a cold
 * [Flow]. Subscription, backpressure, threading and cost as [eventFlow].
 */
public val MemoryMonitor.warningFlow: Flow<ThresholdCrossed>
    get() = warnings().asFlow()

/**
 * Defragmentation started / progress / finished events ([MemoryMonitor.defragmentation]) as a cold [Flow];
 * `when` over [DefragmentationEvent] is exhaustive. The moves themselves are
 * [io.memscope.core.event.AllocationMoved] events on [allocationFlow]. Subscription, backpressure, threading and cost as [eventFlow].
 *
 * @see awaitDefragment
 */
public val MemoryMonitor.defragmentationFlow: Flow<DefragmentationEvent>
    get() = defragmentation().asFlow()
