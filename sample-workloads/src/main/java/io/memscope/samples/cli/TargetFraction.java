package io.memscope.samples.cli;

import java.math.BigDecimal;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A share of the budget above 0 and at most 1, written as a decimal number in ASCII ({@code 0.9}, {@code .5},
 * {@code 1}); no sign, exponent, {@code NaN} or percent sign.
 */
final class TargetFraction implements ITypeConverter<Double> {
    private static final Pattern FORM = Pattern.compile("[0-9]*(\\.[0-9]+)?|[0-9]+\\.");

    @Override
    public Double convert(String value) {
        if (value.isEmpty() || !FORM.matcher(value).matches()) {
            throw new TypeConversionException("'" + value + "' is not a share of the budget such as 0.9");
        }
        BigDecimal number = new BigDecimal(value.endsWith(".") ? value + "0" : value.startsWith(".") ? "0" + value : value);
        if (number.signum() <= 0 || number.compareTo(BigDecimal.ONE) > 0) {
            throw new TypeConversionException("'" + value + "' is not above 0 and at most 1");
        }
        return number.doubleValue();
    }
}
