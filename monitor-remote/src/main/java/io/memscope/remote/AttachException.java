package io.memscope.remote;

import org.jspecify.annotations.Nullable;

/**
 * Attaching to another JVM failed; {@link #reason()} says why and the message (one line) names the pid and what to
 * do about it.
 */
public final class AttachException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why an attach failed. */
    public enum Reason {
        /** No process has that pid (any more). */
        NO_SUCH_PROCESS,
        /**
         * The process is not a HotSpot JVM this user may attach to: not Java, another user's, started with
         * {@code -XX:+DisableAttachMechanism} or {@code -XX:-UsePerfData}, or it refused the attach.
         */
        NOT_A_JVM_OR_ATTACH_REFUSED,
        /** A JVM, but no memscope core is open in it (or not the core asked for). */
        NOT_MEMSCOPE,
        /** The JVM could not start its local management agent (JMX). */
        AGENT_NOT_STARTABLE,
        /** The JMX connection to the agent failed or broke while connecting. */
        CONNECTION_FAILED
    }

    private final Reason reason;
    private final long pid;

    public AttachException(Reason reason, long pid, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.pid = pid;
    }

    /** Why it failed. */
    public Reason reason() {
        return reason;
    }

    /** The process it tried to attach to. */
    public long pid() {
        return pid;
    }
}
