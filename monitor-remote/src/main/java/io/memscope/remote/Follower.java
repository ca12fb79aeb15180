package io.memscope.remote;

import com.sun.tools.attach.VirtualMachineDescriptor;
import io.memscope.core.CallStacks;
import io.memscope.core.event.MemoryEvent;
import io.memscope.core.management.AllocationStacks;
import io.memscope.core.management.JfrEventDecoder;
import io.memscope.core.management.MemoryMonitorClient;
import io.memscope.remote.AttachException.Reason;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.management.InstanceNotFoundException;
import javax.management.JMX;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import jdk.jfr.consumer.RecordedEvent;
import jdk.management.jfr.RecordingInfo;
import jdk.management.jfr.RemoteRecordingStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machinery behind a {@link RemoteMemoryMonitor}: connects to a target, streams its memscope JFR events, feeds the
 * {@link RemoteLedger}, resynchronises on loss, notices the end of the target and, if asked, waits for the next one.
 *
 * <p>Threads: the caller's for the first connection; the stream's own thread for events, flushes and resyncs; one
 * daemon watcher ({@code memscope-remote-watch}) for liveness checks (one cheap JMX call a second), clean-up after a
 * disconnection and the search for a next target.
 */
final class Follower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Follower.class);
    private static final String DATA_LOSS = "jdk.DataLoss";
    private static final int MAX_RESYNC_ROUNDS = 5;
    private static final long TARGET_MAX_AGE_SECONDS = 60;
    private static final long TARGET_MAX_SIZE_BYTES = 64L << 20;
    private static final long LEASE_SECONDS = 30;
    /** The lease is renewed every this many watcher ticks (one a second). */
    private static final int LEASE_RENEWAL_CHECKS = 5;
    /** How long a session follows a core that closed in a running JVM: two of the target's JFR flushes. */
    private static final long CORE_CLOSED_DRAIN_MILLIS = 2_500;

    /** What the monitor learns from the follower. */
    interface Listener {
        /** A session is connected and synchronised (on the connecting thread, before it goes LIVE). */
        void connected(Session session);
    }

    private final RemoteOptions options;
    private final RemoteStreams streams;
    private final RemoteLedger ledger;
    private final Listener listener;
    private final Object resyncLock = new Object();
    private final AtomicLong resyncs = new AtomicLong();
    private final AllocationStacks stacks = new AllocationStacks();
    private final ScheduledExecutorService watcher;
    private final Map<Long, Long> notMemscopeSince = new HashMap<>();
    private volatile @Nullable Session session;
    private volatile ConnectionState state;
    private volatile long lastSyncNanos;
    private volatile boolean closed;

    Follower(RemoteOptions options, long pid, Consumer<MemoryEvent> sink, Listener listener) {
        this.options = options;
        this.listener = listener;
        this.state = new ConnectionState(ConnectionStatus.CONNECTING, Instant.now(), "attaching to pid " + pid, pid, 0);
        this.streams = new RemoteStreams(options.bufferCapacity(), state);
        this.ledger = new RemoteLedger(event -> {
            sink.accept(event);
            streams.publish(event);
        });
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "memscope-remote-watch-" + pid);
            thread.setDaemon(true);
            return thread;
        });
    }

    RemoteStreams streams() {
        return streams;
    }

    RemoteLedger ledger() {
        return ledger;
    }

    ConnectionState state() {
        return state;
    }

    long resyncs() {
        return resyncs.get();
    }

    @Nullable Session session() {
        Session s = session;
        return s == null || s.ended ? null : s;
    }

    /** Starts watching the session's liveness; call once, after the first connection. */
    void startWatching() {
        Future<?> unused = watcher.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    /** Connects to {@code pid} and synchronises with its state; on the caller's thread. */
    void connect(long pid) {
        setState(ConnectionStatus.CONNECTING, "attaching to pid " + pid, pid);
        TargetConnection connection = TargetConnection.open(pid, null);
        Session s = null;
        try {
            RemoteCore core = choose(connection, pid);
            s = new Session(connection, MemoryMonitorClient.of(connection.mbeans(), objectName(core)), core);
            ledger.clear();
            session = s;
            s.stream = openStream(s);
            awaitBridge(s);
            resync(s, "initial state");
            if (s.ended || !ledger.hasState()) {
                throw new AttachException(Reason.CONNECTION_FAILED, pid, "pid " + pid
                        + ": the connection ended while reading the initial state; check that the process still runs",
                        null);
            }
            listener.connected(s);
            Session watched = s;
            ProcessHandle.of(pid).ifPresent(p -> {
                CompletableFuture<Void> unused = p.onExit().thenRun(() -> lost(watched, "the process exited"));
            });
            setState(ConnectionStatus.LIVE, describe(s), pid);
        } catch (RuntimeException e) {
            if (s != null) {
                s.ended = true;
                closeStream(s);
            }
            connection.close();
            if (e instanceof AttachException attach) {
                throw attach;
            }
            throw new AttachException(Reason.CONNECTION_FAILED, pid, "pid " + pid + ": following its memscope core "
                    + "failed (" + e + "): check that the process still runs and retry", e);
        }
    }

    private RemoteCore choose(TargetConnection connection, long pid) {
        List<RemoteCore> cores = connection.openCores();
        if (options.coreId() == RemoteOptions.FIRST_CORE) {
            return cores.get(0);
        }
        return cores.stream().filter(c -> c.coreId() == options.coreId()).findFirst().orElseThrow(() ->
                new AttachException(Reason.NOT_MEMSCOPE, pid, "pid " + pid + " has no memscope core " + options.coreId()
                        + "; its cores are " + cores.stream().map(RemoteCore::coreId).toList()
                        + ": choose one of them (--core on the command line, RemoteOptions.withCoreId in code)", null));
    }

    private static ObjectName objectName(RemoteCore core) {
        try {
            return new ObjectName(core.objectName());
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(core.objectName(), e);
        }
    }

    private RemoteRecordingStream openStream(Session s) {
        RemoteRecordingStream stream;
        try {
            long newest = s.connection.flightRecorder().getRecordings().stream().mapToLong(RecordingInfo::getId).max().orElse(0);
            stream = new RemoteRecordingStream(s.connection.mbeans());
            // the recording it just created in the target: bounded there, and leased (see renewLease)
            s.recordingId = s.connection.flightRecorder().getRecordings().stream()
                    .filter(r -> r.getId() > newest && r.getName().startsWith("Remote Recording Stream"))
                    .mapToLong(RecordingInfo::getId).min().orElse(-1);
            s.leaseStartMillis = System.currentTimeMillis();
            renewLease(s, true);
        } catch (IOException | RuntimeException e) {
            throw new AttachException(Reason.CONNECTION_FAILED, s.pid(), "pid " + s.pid()
                    + ": opening a Flight Recorder stream failed (" + e.getMessage() + "): check its jdk.jfr module",
                    e);
        }
        for (String name : JfrEventDecoder.eventNames()) {
            stream.enable(name);
        }
        if (hasEventType(s, DATA_LOSS)) {
            stream.enable(DATA_LOSS);
        }
        stacks.clear(); // a new session: allocation ids start again
        CallStacks callStacks = options.callStacks();
        if (!callStacks.isOff()) {
            stream.enable(CallStacks.EVENT_NAME);
            enableCallStacks(s, callStacks);
        }
        // the local copy of the target's data is bounded: falling further behind loses data, which a gap reveals
        stream.setMaxAge(options.maxLag().multipliedBy(6));
        stream.setMaxSize(256L << 20);
        stream.onEvent(event -> onRecorded(s, event));
        stream.onFlush(() -> onFlush(s));
        stream.onClose(() -> {
            if (!s.ended) {
                onWatcher(() -> lost(s, "its event stream ended"), 0);
            }
        });
        stream.startAsync();
        return stream;
    }

    /**
     * Adds the call-stack settings to the stream's recording in the target, through its {@code FlightRecorderMXBean}:
     * JDK 17's {@code RemoteRecordingStream} sends {@code EventSettings.with(key, value)} without the event's name
     * (as {@code select} instead of {@code memscope.AllocationSite#select}), which the target ignores.
     */
    private static void enableCallStacks(Session s, CallStacks callStacks) {
        if (s.recordingId < 0) {
            throw new AttachException(Reason.CONNECTION_FAILED, s.pid(), "pid " + s.pid()
                    + ": the monitor's recording in the target was not found, so call stacks cannot be enabled", null);
        }
        Map<String, String> settings = new LinkedHashMap<>(s.connection.flightRecorder()
                .getRecordingSettings(s.recordingId));
        settings.putAll(callStacks.jfrSettings());
        s.connection.flightRecorder().setRecordingSettings(s.recordingId, settings);
    }

    /**
     * Keeps the target's recording bounded and alive only while this monitor is: at most {@value #TARGET_MAX_AGE_SECONDS}
     * s and {@value #TARGET_MAX_SIZE_BYTES} B of it stay in the target's repository, and its duration is extended
     * {@value #LEASE_SECONDS} s past now at every renewal (every few seconds). A monitor killed without closing the
     * stream therefore leaves the target recording for at most that long; then the recording stops, the target's JFR
     * bridge unsubscribes, and the target is back to costing nothing.
     */
    private static void renewLease(Session s, boolean first) {
        if (s.recordingId < 0) {
            return;
        }
        Map<String, String> lease = new LinkedHashMap<>();
        if (first) {
            lease.put("maxAge", TARGET_MAX_AGE_SECONDS + " s");
            lease.put("maxSize", Long.toString(TARGET_MAX_SIZE_BYTES));
        }
        long elapsed = Math.max(0, System.currentTimeMillis() - s.leaseStartMillis) / 1000;
        lease.put("duration", (elapsed + LEASE_SECONDS) + " s");
        try {
            s.connection.flightRecorder().setRecordingOptions(s.recordingId, lease);
        } catch (RuntimeException e) {
            LOG.debug("pid {}: renewing the recording's lease failed: {}", s.pid(), e.toString());
        }
    }

    private static boolean hasEventType(Session s, String name) {
        try {
            return s.connection.flightRecorder().getEventTypes().stream().anyMatch(t -> t.getName().equals(name));
        } catch (RuntimeException e) {
            LOG.debug("pid {}: listing its JFR event types failed: {}", s.pid(), e.toString());
            return false;
        }
    }

    private void awaitBridge(Session s) {
        long deadline = System.nanoTime() + options.connectTimeout().toNanos();
        while (!s.client.bean().isJfrBridgeActive()) {
            if (s.ended || System.nanoTime() > deadline) {
                throw new AttachException(Reason.CONNECTION_FAILED, s.pid(), "pid " + s.pid()
                        + ": its memscope JFR bridge did not start within " + options.connectTimeout()
                        + " (is its monitor enabled?): retry, or raise RemoteOptions.connectTimeout", null);
            }
            sleepQuietly(20);
        }
    }

    private void onRecorded(Session s, RecordedEvent recorded) {
        if (s.ended || s != session) {
            return;
        }
        String type = recorded.getEventType().getName();
        if (type.equals(DATA_LOSS)) {
            resync(s, "Flight Recorder lost " + recorded.getLong("amount") + " bytes");
            return;
        }
        if (AllocationStacks.isAllocationSite(recorded)) {
            if (JfrEventDecoder.coreOf(recorded) == s.core.coreId()) {
                stacks.add(recorded);
            }
            return;
        }
        if (!JfrEventDecoder.isMemscopeEvent(recorded) || JfrEventDecoder.coreOf(recorded) != s.core.coreId()) {
            return;
        }
        MemoryEvent event;
        try {
            event = JfrEventDecoder.decode(recorded);
        } catch (RuntimeException e) {
            LOG.warn("pid {}: could not decode {}: {}", s.pid(), type, e.toString());
            resync(s, "an undecodable " + type + " event");
            return;
        }
        if (ledger.hasState() && ledger.isFresh(event)) {
            Duration lag = Duration.between(recorded.getEndTime(), Instant.now());
            if (lag.compareTo(options.maxLag()) > 0
                    && System.nanoTime() - lastSyncNanos > options.maxLag().toNanos()) {
                // the state read now covers this event and everything before it
                resync(s, "the event stream fell " + lag.toMillis() + " ms behind");
                return;
            }
        }
        String loss = ledger.offer(event);
        if (loss != null) {
            resync(s, loss);
        }
    }

    private void onFlush(Session s) {
        if (s.ended || s != session) {
            return;
        }
        pruneStacks(s);
        String loss = ledger.flush();
        if (loss != null || s.resyncPending) {
            resync(s, loss != null ? loss : "a resync failed before");
        }
    }

    /** Drops the stacks of freed allocations once they outnumber the live ones (O(live), amortised). */
    private void pruneStacks(Session s) {
        int held = stacks.size(s.core.coreId());
        if (held > 4_096 && held > 2 * ledger.size()) {
            Set<Long> live = new HashSet<>();
            ledger.live().forEach(a -> live.add(a.id()));
            stacks.retain(s.core.coreId(), live::contains);
        }
    }

    /** The call stacks streamed from the target (empty unless {@link RemoteOptions#callStacks()} asks for them). */
    AllocationStacks stacks() {
        return stacks;
    }

    /** Reads the full state again and applies the events after it; a no-op if the session has ended. */
    void resync(Session s, String cause) {
        synchronized (resyncLock) {
            String reason = cause;
            for (int round = 0; round < MAX_RESYNC_ROUNDS && reason != null; round++) {
                if (s.ended || s != session) {
                    return;
                }
                boolean initial = !ledger.hasState();
                if (!initial) {
                    resyncs.incrementAndGet();
                    setState(ConnectionStatus.RESYNCHRONISING, reason, s.pid());
                    LOG.info("pid {}: resynchronising from the full state: {}", s.pid(), reason);
                }
                try {
                    MemoryMonitorClient.SequencedState captured = s.client.captureState();
                    lastSyncNanos = System.nanoTime();
                    reason = ledger.reset(captured);
                    s.resyncPending = false;
                } catch (RuntimeException e) {
                    if (!isAlive(s)) {
                        lost(s, "the process exited");
                        return;
                    }
                    if (initial) {
                        throw e;
                    }
                    LOG.warn("pid {}: reading the full state failed, retrying at the next flush: {}", s.pid(),
                            e.toString());
                    s.resyncPending = true;
                    return;
                }
                if (!initial) {
                    setState(ConnectionStatus.LIVE, describe(s), s.pid());
                }
            }
            if (reason != null) {
                s.resyncPending = true;
            }
        }
    }

    private static boolean isAlive(Session s) {
        return ProcessHandle.of(s.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * After a failed JMX call: whether the session's target is gone (the process exited, its core closed, the
     * connection broke); if so the session is marked lost.
     */
    boolean confirmGone(Session s) {
        if (s.ended) {
            return true;
        }
        check(s);
        return s.ended;
    }

    private void check() {
        Session s = session;
        if (s != null) {
            check(s);
        }
    }

    private void check(Session s) {
        if (closed || s.ended) {
            return;
        }
        try {
            if (!isAlive(s)) {
                lost(s, "the process exited");
            } else if (s.client.bean().isClosed()) {
                coreClosed(s);
            } else if (++s.checks % LEASE_RENEWAL_CHECKS == 0) {
                renewLease(s, false);
            }
        } catch (RuntimeException e) {
            if (!isAlive(s)) {
                lost(s, "the process exited");
            } else if (beanGone(e)) {
                coreClosed(s); // a closed core unregisters its bean
            } else {
                lost(s, "its JMX connection failed (" + e.getClass().getSimpleName() + ")");
            }
        }
    }

    /** The target's core closed while its JVM runs on: its last events (up to two flushes) arrive first. */
    private void coreClosed(Session s) {
        if (!s.closing) {
            s.closing = true;
            onWatcher(() -> lost(s, isAlive(s) ? "its core closed" : "the process exited"), CORE_CLOSED_DRAIN_MILLIS);
        }
    }

    private static boolean beanGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InstanceNotFoundException) {
                return true;
            }
        }
        return false;
    }

    /** The session's target is gone: keep the history, stop the stream, and wait for the next one if asked. */
    void lost(Session s, String why) {
        synchronized (s) {
            if (s.ended) {
                return;
            }
            s.ended = true;
        }
        Instant at = Instant.now();
        LOG.info("pid {} disconnected: {}", s.pid(), why);
        setState(ConnectionStatus.DISCONNECTED, why, s.pid(), at);
        onWatcher(() -> {
            closeStream(s);
            s.connection.close();
        }, 0);
        if (options.waitForNext() && !closed) {
            onWatcher(this::lookForNext, 500);
        } else {
            streams.completeEvents();
        }
    }

    private void lookForNext() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        for (Map.Entry<Long, VirtualMachineDescriptor> jvm : TargetConnection.otherJvms().entrySet()) {
            long pid = jvm.getKey();
            VirtualMachineDescriptor descriptor = jvm.getValue();
            Long checked = notMemscopeSince.get(pid);
            if (checked != null && now - checked < TimeUnit.SECONDS.toNanos(5)) {
                continue;
            }
            MemscopeJvm candidate;
            try (TargetConnection connection = TargetConnection.open(pid, descriptor)) {
                candidate = new MemscopeJvm(pid, descriptor.displayName(), connection.cores());
            } catch (AttachException | SecurityException e) {
                notMemscopeSince.put(pid, now);
                continue;
            }
            boolean hasCore = candidate.cores().stream().anyMatch(c ->
                    options.coreId() == RemoteOptions.FIRST_CORE || c.coreId() == options.coreId());
            if (!hasCore || !options.nextTarget().test(candidate)) {
                notMemscopeSince.put(pid, now);
                continue;
            }
            try {
                connect(pid);
                LOG.info("following the next memscope JVM: pid {} ({})", pid, descriptor.displayName());
                return;
            } catch (AttachException e) {
                LOG.debug("pid {}: {}", pid, e.getMessage());
                notMemscopeSince.put(pid, now);
            }
        }
        if (!closed) {
            onWatcher(this::lookForNext, 1000);
        }
    }

    /** Runs {@code task} on the watcher thread after {@code delayMillis}, unless the follower is closed. */
    private void onWatcher(Runnable task, long delayMillis) {
        try {
            Future<?> unused = watcher.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closedMeanwhile) {
            LOG.debug("the watcher has stopped: {}", closedMeanwhile.toString());
        }
    }

    private static void closeStream(Session s) {
        RemoteRecordingStream stream = s.stream;
        if (stream != null) {
            try {
                stream.close();
            } catch (RuntimeException e) {
                LOG.debug("pid {}: closing the event stream: {}", s.pid(), e.toString());
            }
        }
    }

    private static String describe(Session s) {
        return "following core " + s.core.coreId() + " (" + s.core.name() + ") of pid " + s.pid();
    }

    private void setState(ConnectionStatus status, String detail, long pid) {
        setState(status, detail, pid, Instant.now());
    }

    private synchronized void setState(ConnectionStatus status, String detail, long pid, Instant since) {
        ConnectionState next = new ConnectionState(status, since, detail, pid, resyncs.get());
        if (next.equals(state)) {
            return;
        }
        state = next;
        streams.state(next);
    }

    /** Stops everything; idempotent. The ledger and the last state stay readable. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Session s = session;
        if (s != null) {
            synchronized (s) {
                s.ended = true;
            }
            closeStream(s);
            s.connection.close();
        }
        watcher.shutdownNow();
        Instant at = Instant.now();
        if (state.status() != ConnectionStatus.DISCONNECTED) {
            setState(ConnectionStatus.DISCONNECTED, "closed", state.pid(), at);
        }
        streams.completeEvents();
        streams.completeStates();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting", e);
        }
    }

    /** One connection to one target core. */
    static final class Session {
        final TargetConnection connection;
        final MemoryMonitorClient client;
        final RemoteCore core;
        volatile @Nullable RemoteRecordingStream stream;
        volatile boolean ended;
        volatile boolean resyncPending;
        /** The target's recording behind the stream, -1 if it could not be told apart. */
        volatile long recordingId = -1;
        volatile long leaseStartMillis;
        /** The target's core closed; the session ends once its last events had time to arrive. */
        volatile boolean closing;
        /** Watcher ticks; watcher thread only. */
        int checks;

        Session(TargetConnection connection, MemoryMonitorClient client, RemoteCore core) {
            this.connection = connection;
            this.client = client;
            this.core = core;
        }

        long pid() {
            return connection.pid();
        }
    }
}
