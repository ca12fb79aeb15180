/**
 * memscope's out-of-process monitor, without JavaFX: finds the JVMs on this host that run memscope (JDK Attach API),
 * and follows one of their cores as a {@link io.memscope.core.MemoryMonitor} through JMX (the core's
 * {@code MemoryMonitorMXBean}, over the target's local management agent) and the Flight Recorder events its JFR
 * bridge commits, streamed over the same connection ({@code RemoteRecordingStream}). memscope opens no network port.
 *
 * <p>Exported: {@code io.memscope.remote} only.
 */
module io.memscope.remote {
    requires transitive io.memscope.core;
    requires jdk.attach;
    requires jdk.management.jfr;
    requires java.management;
    requires org.slf4j;
    requires static com.google.errorprone.annotations;

    exports io.memscope.remote;
}
