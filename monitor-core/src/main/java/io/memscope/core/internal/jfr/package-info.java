/**
 * JDK Flight Recorder events of category "memscope", one type per memory event type, the
 * {@link io.memscope.core.internal.jfr.JfrBridge} that commits them from a subscription to a monitor's events, and the
 * {@link io.memscope.core.internal.jfr.PayloadCodec} of the records they carry as strings. They are disabled by default
 * ({@code @Enabled(false)}): a recording must enable them by name ({@code recording.enable("memscope.Allocation")}) or
 * through a {@code .jfc} settings file; while none is enabled the bridge does not subscribe. Not API: read them with
 * {@code io.memscope.core.management.JfrEventDecoder}.
 */
@NullMarked
package io.memscope.core.internal.jfr;

import org.jspecify.annotations.NullMarked;
