package io.memscope.samples.cli;

import io.memscope.core.CallStacks;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --call-stacks}: which allocations get their call stack recorded ({@link CallStacks}): {@code all}, {@code 1/N},
 * {@code tag:A,B}, both joined by {@code +}, or {@code none}.
 */
final class CallStacksValue implements ITypeConverter<CallStacks> {
    /** The help text's description of the values. */
    static final String VALUES = "all, 1/N (one allocation in N, e.g. 1/16), tag:A,B (those tags' allocations), "
            + "or tag:A+1/N";

    @Override
    public CallStacks convert(String value) {
        try {
            return CallStacks.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(String.valueOf(e.getMessage()));
        }
    }
}
