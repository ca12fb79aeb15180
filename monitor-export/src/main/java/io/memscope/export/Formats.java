package io.memscope.export;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How memscope writes numbers and times for people (dashboard labels, snapshot comparisons, reports): bytes in
 * binary units (1 KiB = 1024 B), fractions as percentages, instants as local wall-clock times. Files meant for
 * programs (CSV) keep raw numbers instead; see {@link CsvExport}.
 *
 * <p>Stateless; thread-safe; locale-independent ({@link Locale#ROOT}: a decimal point, never a comma). Cost: O(1).
 */
public final class Formats {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};
    private static final String[] DECIMAL_SUFFIXES = {"", "k", "M", "G", "T"};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private Formats() {
    }

    /** {@code bytes} in the largest binary unit that keeps the value at least 1, one decimal: "864.0 MiB", "512 B". */
    public static String bytes(long bytes) {
        double value = Math.abs((double) bytes);
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        String sign = bytes < 0 ? "-" : "";
        return unit == 0 ? sign + (long) value + " B" : String.format(Locale.ROOT, "%s%.1f %s", sign, value, UNITS[unit]);
    }

    /**
     * {@code bytes} as short as it is exact to two decimals, for axis ticks: "0 B", "768 MiB", "1 GiB", "1.5 GiB",
     * "1.25 GiB". The unit is the largest binary unit that keeps the value at least 1.
     */
    public static String compactBytes(long bytes) {
        return compact(bytes, 1024, UNITS, " ");
    }

    /**
     * A count or rate as short as it is exact to two decimals, with a decimal suffix for axis ticks: "0", "750",
     * "1.5k", "50k", "2M", "1.25G" (never exponent notation such as "5E4"). NaN and infinities as Java writes them.
     */
    public static String compactNumber(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        return compact(value, 1000, DECIMAL_SUFFIXES, "");
    }

    /**
     * {@code value} in the largest of {@code units} (steps of {@code base}) that keeps it at least 1, exact to two
     * decimals without trailing zeros; a value that rounds up to {@code base} moves to the next unit (999.999 → 1k,
     * 1023.999 KiB → 1 MiB).
     */
    private static String compact(double value, double base, String[] units, String separator) {
        double v = Math.abs(value);
        int unit = 0;
        while (v >= base && unit < units.length - 1) {
            v /= base;
            unit++;
        }
        BigDecimal rounded = BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_EVEN);
        if (rounded.compareTo(BigDecimal.valueOf(base)) >= 0 && unit < units.length - 1) {
            rounded = BigDecimal.valueOf(v / base).setScale(2, RoundingMode.HALF_EVEN);
            unit++;
        }
        String digits = rounded.stripTrailingZeros().toPlainString();
        return (value < 0 && !digits.equals("0") ? "-" : "") + digits + separator + units[unit];
    }

    /** Like {@link #bytes}, with a "+" in front of a positive value: a change. */
    public static String signedBytes(long bytes) {
        return (bytes > 0 ? "+" : "") + bytes(bytes);
    }

    /** A fraction as a percentage with one decimal: 0.527 gives "52.7 %". */
    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    /** {@code instant} as a wall-clock time in this JVM's default time zone: "11:31:40". */
    public static String time(Instant instant) {
        return TIME.format(instant);
    }
}
