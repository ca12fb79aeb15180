/** The headless demo's report folder: figures, CSV files and PNG history charts drawn with Java 2D. */
@NullMarked
package io.memscope.samples.report;

import org.jspecify.annotations.NullMarked;
