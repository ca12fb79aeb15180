/**
 * Exports that need no JavaFX: snapshot and allocation CSV files ({@link io.memscope.export.CsvExport}), snapshot
 * comparison ({@link io.memscope.export.SnapshotComparison}), number and time formatting for people
 * ({@link io.memscope.export.Formats}), all-or-nothing file writes ({@link io.memscope.export.AtomicFiles},
 * {@link io.memscope.export.PngFiles}), and the history charts: points made from a monitor's events
 * ({@link io.memscope.export.HistoryRecorder}, {@link io.memscope.export.HistorySample}), which the dashboard
 * plots live and {@link io.memscope.export.ReportCharts} renders to PNG files with XChart; and the memory map's
 * picture: {@link io.memscope.export.MemoryMapLayout} (a {@code MemoryMap} in pixel columns, hit-testing),
 * {@link io.memscope.export.MemoryMapDrawing} over a {@link io.memscope.export.MemoryMapPainter} (the PNG's Java 2D and
 * the dashboard's canvas draw the same), {@link io.memscope.export.MemoryMapPng} and the shared
 * {@link io.memscope.export.TagColors}. The dashboard, the
 * headless report and any engine use them with only monitor-core beside them.
 */
@NullMarked
package io.memscope.export;

import org.jspecify.annotations.NullMarked;
