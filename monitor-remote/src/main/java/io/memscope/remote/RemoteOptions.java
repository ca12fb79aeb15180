package io.memscope.remote;

import io.memscope.core.CallStacks;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How {@link RemoteMemoryMonitor#attach(long, RemoteOptions)} follows its target. Immutable; start from
 * {@link #defaults()}.
 *
 * @param coreId the core to follow, by its id in the target ({@code MemoryMonitorMXBean.getCoreId()});
 *        {@link #FIRST_CORE} (0) follows the lowest id
 * @param waitForNext after the target exits (or its core closes), look for a memscope JVM on this host that
 *        {@code nextTarget} accepts (once a second; a JVM found without memscope is looked at again after 5 s) and
 *        follow it, starting from its full state (the ledger is replaced then; sequence numbers start again), instead
 *        of staying disconnected and completing the streams
 * @param nextTarget which JVM {@code waitForNext} may follow (default: any; a test or a tool narrows it, e.g. by
 *        {@link MemscopeJvm#displayName()})
 * @param bufferCapacity events each subscriber of a stream may have waiting (1 to 2<sup>24</sup>, default 65 536);
 *        beyond it the oldest waiting event is dropped and counted
 * @param connectTimeout how long connecting may take: attach, start of the event stream, the target's JFR bridge
 *        becoming active, the first state (default 30 s)
 * @param maxLag how far behind the target's clock the event stream may fall before the monitor resynchronises from
 *        the full state instead of catching up event by event (default 10 s)
 * @param callStacks which allocations of the target get their call stack recorded and streamed
 *        ({@code memscope.AllocationSite} enabled on the monitor's recording in the target), for
 *        {@link RemoteMemoryMonitor#callSites()}; default {@link CallStacks#off()}
 */
public record RemoteOptions(int coreId, boolean waitForNext, Predicate<MemscopeJvm> nextTarget, int bufferCapacity,
                            Duration connectTimeout, Duration maxLag, CallStacks callStacks) {
    /** {@link #coreId()} meaning "the core with the lowest id". */
    public static final int FIRST_CORE = 0;

    public RemoteOptions {
        Objects.requireNonNull(nextTarget, "nextTarget");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(maxLag, "maxLag");
        Objects.requireNonNull(callStacks, "callStacks");
        if (coreId < 0) {
            throw new IllegalArgumentException("coreId must be >= 0 (0 = the first core), was " + coreId);
        }
        if (bufferCapacity < 1 || bufferCapacity > (1 << 24)) {
            throw new IllegalArgumentException("bufferCapacity must be in [1, 2^24], was " + bufferCapacity);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive, was " + connectTimeout);
        }
        if (maxLag.isNegative() || maxLag.isZero()) {
            throw new IllegalArgumentException("maxLag must be positive, was " + maxLag);
        }
    }

    /** These options without call stacks. */
    public RemoteOptions(int coreId, boolean waitForNext, Predicate<MemscopeJvm> nextTarget, int bufferCapacity,
                         Duration connectTimeout, Duration maxLag) {
        this(coreId, waitForNext, nextTarget, bufferCapacity, connectTimeout, maxLag, CallStacks.off());
    }

    /** The first core, no waiting for a next target, 65 536 events per subscriber, 30 s to connect, 10 s of lag. */
    public static RemoteOptions defaults() {
        return new RemoteOptions(FIRST_CORE, false, jvm -> true, 65_536, Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    public RemoteOptions withCoreId(int value) {
        return new RemoteOptions(value, waitForNext, nextTarget, bufferCapacity, connectTimeout, maxLag, callStacks);
    }

    public RemoteOptions withWaitForNext(boolean value) {
        return new RemoteOptions(coreId, value, nextTarget, bufferCapacity, connectTimeout, maxLag, callStacks);
    }

    public RemoteOptions withNextTarget(Predicate<MemscopeJvm> value) {
        return new RemoteOptions(coreId, waitForNext, value, bufferCapacity, connectTimeout, maxLag, callStacks);
    }

    public RemoteOptions withBufferCapacity(int value) {
        return new RemoteOptions(coreId, waitForNext, nextTarget, value, connectTimeout, maxLag, callStacks);
    }

    public RemoteOptions withConnectTimeout(Duration value) {
        return new RemoteOptions(coreId, waitForNext, nextTarget, bufferCapacity, value, maxLag, callStacks);
    }

    public RemoteOptions withMaxLag(Duration value) {
        return new RemoteOptions(coreId, waitForNext, nextTarget, bufferCapacity, connectTimeout, value, callStacks);
    }

    /** These options with call stacks ({@link CallStacks#off()}: none). */
    public RemoteOptions withCallStacks(CallStacks value) {
        return new RemoteOptions(coreId, waitForNext, nextTarget, bufferCapacity, connectTimeout, maxLag, value);
    }
}
