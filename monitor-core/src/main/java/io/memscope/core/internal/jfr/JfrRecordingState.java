package io.memscope.core.internal.jfr;

import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * Whether any Flight Recorder recording is running, kept up to date by a {@link FlightRecorderListener}, so
 * the allocation hot path checks one volatile field before it even creates a JFR event object. Registering
 * the listener does not start Flight Recorder. Thread-safe.
 */
public final class JfrRecordingState {
    private static volatile boolean anyRunning;

    static {
        FlightRecorder.addListener(new FlightRecorderListener() {
            @Override
            public void recordingStateChanged(Recording recording) {
                anyRunning = recording.getState() == RecordingState.RUNNING || runningNow();
            }
        });
        anyRunning = runningNow(); // recordings started before this class was loaded
    }

    private static boolean runningNow() {
        return FlightRecorder.isInitialized() && FlightRecorder.getFlightRecorder().getRecordings().stream()
                .anyMatch(r -> r.getState() == RecordingState.RUNNING);
    }

    private JfrRecordingState() {
    }

    /** True while at least one recording runs (it may still not enable memscope's events). */
    public static boolean anyRecordingRunning() {
        return anyRunning;
    }
}
