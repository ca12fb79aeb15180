/**
 * Reading memscope captures: Flight Recorder recordings of memscope's events with each core's device layout and full
 * live state at every chunk start ({@link io.memscope.export.capture.CaptureReader}), and replaying their allocation
 * sequence against a real VMA with other settings ({@link io.memscope.export.capture.Replay}). No JavaFX; needs only
 * {@code jdk.jfr} and monitor-core. See docs/captures.md.
 */
@NullMarked
package io.memscope.export.capture;

import org.jspecify.annotations.NullMarked;
