package io.memscope.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every public method that takes a {@link java.nio.ByteBuffer} or a memory range, fed every kind of buffer and
 * hostile ranges — in a child JVM, because a wrong address is a SIGSEGV, not an exception
 * ({@link ByteBufferInputsProbe} does the calls and prints one line per case that behaved).
 */
class ByteBufferInputsTest {

    @Test
    void everyKindOfBufferAndEveryHostileRangeIsHandledWithoutCrashingTheJvm() throws Exception {
        ChildJvm.Result result = ChildJvm.run(ByteBufferInputsProbe.class, List.of("-Xss2m"), Map.of());
        assertThat(result.exitCode()).as("the child JVM must end normally; it printed:%n%s", result.output()).isZero();
        for (String kind : ByteBufferInputsProbe.BUFFER_KINDS) {
            assertThat(result.printedLine("OK upload " + kind)).as("upload of a %s buffer:%n%s", kind, result.output()).isTrue();
            assertThat(result.printedLine("OK uploadImage " + kind)).as("image upload of a %s buffer", kind).isTrue();
        }
        for (String check : ByteBufferInputsProbe.RANGE_CHECKS) {
            assertThat(result.printedLine("OK " + check)).as("%s:%n%s", check, result.output()).isTrue();
        }
    }
}
