/**
 * Implementation helpers of {@code monitor-core}. Not API: anything here may change without notice.
 */
@NullMarked
package io.memscope.core.internal;

import org.jspecify.annotations.NullMarked;
