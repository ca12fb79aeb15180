package io.memscope.remote;

/** Where a {@link RemoteMemoryMonitor} stands with its target. */
public enum ConnectionStatus {
    /** Attaching, starting the event stream and reading the initial state. */
    CONNECTING,
    /** Following the target: events arrive and are applied to the ledger in order. */
    LIVE,
    /** Events were lost (a gap, a drop report, JFR data loss, or the stream fell behind): re-reading the full state. */
    RESYNCHRONISING,
    /** The target is gone (or the monitor closed); the ledger and the last figures stay readable. */
    DISCONNECTED
}
