/**
 * Management of a core from outside its JVM (or from tools such as JConsole, VisualVM and JDK Mission Control): the
 * {@link io.memscope.core.management.MemoryMonitorMXBean} every {@code AllocatorCore} registers on the platform
 * MBean server, the client-side helpers that turn its values back into memscope's records
 * ({@link io.memscope.core.management.MemoryMonitorClient}, {@link io.memscope.core.management.LiveState}), and the
 * decoder of memscope's Flight Recorder events ({@link io.memscope.core.management.JfrEventDecoder}). No JavaFX.
 */
@NullMarked
package io.memscope.core.management;

import org.jspecify.annotations.NullMarked;
