/**
 * The headless demo's report folder: figures, CSV files and the dashboard's history charts as PNG files,
 * drawn with XChart through monitor-export's {@link io.memscope.export.ReportCharts} (no JavaFX).
 */
@NullMarked
package io.memscope.samples.report;

import org.jspecify.annotations.NullMarked;
