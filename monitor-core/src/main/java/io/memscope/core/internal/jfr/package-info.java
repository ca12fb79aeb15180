/**
 * JDK Flight Recorder events of category "memscope": allocation, free, move and budget. Committed only while
 * a recording enables them; otherwise they cost a flag check. Not API: read them with {@code jdk.jfr.consumer}.
 */
@NullMarked
package io.memscope.core.internal.jfr;

import org.jspecify.annotations.NullMarked;
