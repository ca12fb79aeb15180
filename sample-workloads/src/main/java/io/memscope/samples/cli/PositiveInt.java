package io.memscope.samples.cli;

import java.math.BigInteger;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A count of at least 1 written in ASCII digits (no sign, no spaces), at most {@link Integer#MAX_VALUE}. */
final class PositiveInt implements ITypeConverter<Integer> {
    private static final BigInteger MAX = BigInteger.valueOf(Integer.MAX_VALUE);

    @Override
    public Integer convert(String value) {
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new TypeConversionException("'" + value + "' is not a whole number of at least 1");
        }
        BigInteger number = new BigInteger(value);
        if (number.signum() == 0) {
            throw new TypeConversionException("'" + value + "' is not at least 1");
        }
        if (number.compareTo(MAX) > 0) {
            throw new TypeConversionException("'" + value + "' is more than " + Integer.MAX_VALUE);
        }
        return number.intValue();
    }
}
