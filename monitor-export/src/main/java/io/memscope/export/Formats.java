package io.memscope.export;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How memscope writes numbers and times for people. Stateless; thread-safe. */
public final class Formats {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private Formats() {
    }

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

    public static String signedBytes(long bytes) {
        return (bytes > 0 ? "+" : "") + bytes(bytes);
    }

    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    public static String time(Instant instant) {
        return TIME.format(instant);
    }
}
