/**
 * Reading memscope captures: Flight Recorder recordings of memscope's events with each core's device layout and full
 * live state at every chunk start ({@link io.memscope.export.capture.CaptureReader}). No JavaFX; needs only
 * {@code jdk.jfr} and monitor-core. See docs/captures.md.
 */
@NullMarked
package io.memscope.export.capture;

import org.jspecify.annotations.NullMarked;
