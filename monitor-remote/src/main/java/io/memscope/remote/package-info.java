/**
 * Watching a memscope core in another JVM on this host: {@link io.memscope.remote.LocalJvms} finds them,
 * {@link io.memscope.remote.RemoteMemoryMonitor} follows one as a {@link io.memscope.core.MemoryMonitor}.
 */
@NullMarked
package io.memscope.remote;

import org.jspecify.annotations.NullMarked;
