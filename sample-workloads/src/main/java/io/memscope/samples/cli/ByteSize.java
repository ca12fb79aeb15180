package io.memscope.samples.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A size of at least 1 MiB: ASCII digits and a unit, {@code KiB}, {@code MiB} or {@code GiB} ({@code 256MiB}). */
final class ByteSize implements ITypeConverter<Long> {
    private static final Pattern FORM = Pattern.compile("([0-9]+)(kib|mib|gib)");
    /** Digits and some other unit ({@code 512MB}, {@code 1B}, {@code 2 G}): worth saying which units there are. */
    private static final Pattern NUMBER_AND_UNIT = Pattern.compile("[0-9]+ ?[A-Za-z]{1,3}");
    /** The most digits taken: 999,999,999 GiB is far beyond any device and far below {@code Long.MAX_VALUE}. */
    private static final int MAX_DIGITS = 9;
    private static final long MIN = 1L << 20;

    @Override
    public Long convert(String value) {
        Matcher m = FORM.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new TypeConversionException(NUMBER_AND_UNIT.matcher(value).matches()
                    ? "'" + value + "': the unit must be KiB, MiB or GiB (powers of 1024), such as 64MiB or 1GiB"
                    : "'" + value + "' is not a size such as 64MiB or 1GiB");
        }
        if (m.group(1).length() > MAX_DIGITS) {
            throw new TypeConversionException("'" + value + "' is too large (at most " + MAX_DIGITS + " digits)");
        }
        long bytes = Long.parseLong(m.group(1)) << switch (m.group(2)) {
            case "kib" -> 10;
            case "mib" -> 20;
            default -> 30;
        };
        if (bytes < MIN) {
            throw new TypeConversionException("'" + value + "' is less than 1MiB");
        }
        return bytes;
    }
}
