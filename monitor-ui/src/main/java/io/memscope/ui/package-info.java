/**
 * The memscope dashboard: JavaFX 21 + ChartFX, fed only by a {@link io.memscope.core.MemoryMonitor}.
 * Open it next to a workload with {@link io.memscope.ui.MonitorWindow#show}; its state lives in
 * {@link io.memscope.ui.DashboardModel}, which can be used (and tested) without a window.
 */
@NullMarked
package io.memscope.ui;

import org.jspecify.annotations.NullMarked;
