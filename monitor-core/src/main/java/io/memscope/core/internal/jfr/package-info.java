/**
 * JDK Flight Recorder events of category "memscope": allocation, free, move and budget. They are disabled by
 * default ({@code @Enabled(false)}): a recording must enable them by name ({@code recording.enable("memscope.Allocation")})
 * or through a {@code .jfc} settings file; otherwise they cost a flag check. Not API: read them with {@code jdk.jfr.consumer}.
 */
@NullMarked
package io.memscope.core.internal.jfr;

import org.jspecify.annotations.NullMarked;
