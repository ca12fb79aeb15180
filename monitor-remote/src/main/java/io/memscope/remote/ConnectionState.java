package io.memscope.remote;

import java.time.Instant;

/**
 * One state of a {@link RemoteMemoryMonitor}'s connection, for a status line.
 *
 * @param status where it stands
 * @param since when it got there (wall clock)
 * @param detail one line in words: the target, the cause of a resync or of the disconnection
 * @param pid the target's process id (the new one after a {@code waitForNext} reconnection)
 * @param resyncs resynchronisations since the monitor was attached (over every target)
 */
public record ConnectionState(ConnectionStatus status, Instant since, String detail, long pid, long resyncs) {
}
