/** The {@code memscope} command line (picocli). */
@NullMarked
package io.memscope.samples.cli;

import org.jspecify.annotations.NullMarked;
