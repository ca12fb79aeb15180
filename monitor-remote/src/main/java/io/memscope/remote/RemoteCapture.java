package io.memscope.remote;

import io.memscope.core.CaptureOptions;
import io.memscope.core.management.JfrEventDecoder;
import io.memscope.core.management.MemoryMonitorClient;
import io.memscope.core.management.MemoryMonitorMXBean;
import io.memscope.remote.AttachException.Reason;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.JMX;
import javax.management.ObjectName;
import jdk.management.jfr.FlightRecorderMXBean;
import jdk.management.jfr.RecordingInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A capture (docs/captures.md) recorded in another JVM on this host: a Flight Recorder recording started in the target
 * through its {@link FlightRecorderMXBean} (local JMX, as {@link RemoteMemoryMonitor} connects), with memscope's events
 * and the chunk-start layout and state enabled. The target writes the file itself when the capture stops: the path
 * must be absolute and writable by the target's user (the same user). If this JVM ends without {@link #stop()}, the
 * recording goes on in the target within its size and age limits, and is written when the target exits.
 *
 * <p>{@link #start} costs one attach and a few JMX calls; not thread-safe; {@link #close()} stops if running.
 */
public final class RemoteCapture implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteCapture.class);

    private final TargetConnection connection;
    private final FlightRecorderMXBean recorder;
    private final long recordingId;
    private final Path file;
    private boolean stopped;

    private RemoteCapture(TargetConnection connection, FlightRecorderMXBean recorder, long recordingId, Path file) {
        this.connection = connection;
        this.recorder = recorder;
        this.recordingId = recordingId;
        this.file = file;
    }

    /**
     * Starts a capture in the memscope JVM {@code pid}, to be written to {@code file} (made absolute).
     *
     * @throws AttachException as {@link LocalJvms#inspect(long)}, or {@link Reason#CONNECTION_FAILED} when the target
     *         refuses the recording (for example a JVM without Flight Recorder)
     */
    public static RemoteCapture start(long pid, Path file, CaptureOptions options) {
        return start(pid, file, options, Duration.ZERO);
    }

    /**
     * {@link #start(long, Path, CaptureOptions)}, and the target stops the recording by itself (and writes the file)
     * {@code stopWithin} after its start if nobody stopped it before — when the process that started it died
     * ({@code kill -9} of {@code memscope record}). {@link Duration#ZERO}: no such limit.
     */
    public static RemoteCapture start(long pid, Path file, CaptureOptions options, Duration stopWithin) {
        Path target = file.toAbsolutePath().normalize();
        TargetConnection connection = TargetConnection.open(pid, null);
        try {
            connection.openCores(); // refuses a JVM without one
            FlightRecorderMXBean recorder = connection.flightRecorder();
            for (RecordingInfo running : recorder.getRecordings()) {
                String destination = running.getDestination();
                if (destination != null && Path.of(destination).toAbsolutePath().normalize().equals(target)) {
                    throw new AttachException(Reason.CONNECTION_FAILED, pid, "pid " + pid + " already records to "
                            + target + " (its recording '" + running.getName() + "' writes it when it stops, over this "
                            + "capture): choose another file", null);
                }
            }
            long id = recorder.newRecording();
            try {
                Map<String, String> settings = new LinkedHashMap<>(JfrEventDecoder.captureSettings());
                settings.putAll(options.callStacks().jfrSettings()); // memscope.AllocationSite, if asked
                recorder.setRecordingSettings(id, settings);
                Map<String, String> recordingOptions = new LinkedHashMap<>();
                recordingOptions.put("name", "memscope capture");
                recordingOptions.put("disk", "true");
                recordingOptions.put("maxSize", Long.toString(options.maxSizeBytes()));
                if (!options.maxAge().isZero()) {
                    recordingOptions.put("maxAge", options.maxAge().toMillis() + " ms");
                }
                recordingOptions.put("destination", target.toString());
                recordingOptions.put("dumpOnExit", "true");
                if (!stopWithin.isZero() && !stopWithin.isNegative()) {
                    recordingOptions.put("duration", stopWithin.toMillis() + " ms");
                }
                recorder.setRecordingOptions(id, recordingOptions);
                recorder.startRecording(id);
            } catch (RuntimeException e) {
                closeQuietly(recorder, id);
                throw e;
            }
            return new RemoteCapture(connection, recorder, id, target);
        } catch (AttachException e) {
            connection.close();
            throw e;
        } catch (RuntimeException e) {
            connection.close();
            throw new AttachException(Reason.CONNECTION_FAILED, pid, "pid " + pid + " refused the capture ("
                    + e.getMessage() + "): check that it runs with Flight Recorder and can write " + target, e);
        }
    }

    /** The file the target writes. */
    public Path file() {
        return file;
    }

    /**
     * Stops the capture; the target writes the file (it has when this returns).
     *
     * @return the file
     * @throws AttachException {@link Reason#CONNECTION_FAILED} if the target went away or could not write the file
     */
    public Path stop() {
        if (!stopped) {
            stopped = true;
            try {
                commitPendingEvents();
                recorder.stopRecording(recordingId); // writes the destination; the JDK then closes the recording
            } catch (RuntimeException e) {
                throw new AttachException(Reason.CONNECTION_FAILED, connection.pid(), "pid " + connection.pid()
                        + ": stopping the capture failed (" + e.getMessage() + "); if it exited, its recording was "
                        + "written at exit to " + file, e);
            } finally {
                connection.close();
            }
        }
        return file;
    }

    /**
     * Asks every core of the target to commit what its JFR bridge still holds (batched allocation records), so the
     * capture's tail is in the file; a core that cannot is logged and the stop goes on.
     */
    private void commitPendingEvents() {
        try {
            for (ObjectName name : MemoryMonitorClient.find(connection.mbeans())) {
                JMX.newMXBeanProxy(connection.mbeans(), name, MemoryMonitorMXBean.class).commitFlightRecorderEvents();
            }
        } catch (RuntimeException e) {
            LOG.warn("pid {}: the capture may miss its last events: {}", connection.pid(), e.toString());
        }
    }

    /**
     * Lets go of the target without stopping the capture: its recording goes on within its limits and is written when
     * the target exits (what to do once it has exited: it wrote the file already).
     */
    public void detach() {
        stopped = true;
        connection.close();
    }

    /** Stops the capture if it runs (errors logged). */
    @Override
    public void close() {
        if (!stopped) {
            try {
                stop();
            } catch (AttachException e) {
                LOG.warn(e.getMessage());
            }
        }
    }

    private static void closeQuietly(FlightRecorderMXBean recorder, long id) {
        try {
            recorder.closeRecording(id);
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing recording {}: {}", id, e.toString());
        }
    }
}
