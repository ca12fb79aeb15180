package io.memscope.samples.cli;

import org.jspecify.annotations.Nullable;

/** Whether the dashboard can open a window: an X11 or Wayland display is set. */
final class Display {
    private Display() {
    }

    static boolean available() {
        return isSet(System.getenv("DISPLAY")) || isSet(System.getenv("WAYLAND_DISPLAY"));
    }

    private static boolean isSet(@Nullable String value) {
        return value != null && !value.isBlank();
    }
}
