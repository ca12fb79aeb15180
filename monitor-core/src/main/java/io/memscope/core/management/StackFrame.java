package io.memscope.core.management;

import java.util.Objects;

/**
 * One frame of an allocation's call stack, as Flight Recorder recorded it: class, method and line. JFR records no
 * source file names, so the frame reads {@code com.example.Terrain.loadTile:87} rather than a file and line.
 *
 * @param className the declaring class, binary name ({@code com.example.Outer$Inner})
 * @param methodName the method ({@code <init>} for a constructor)
 * @param line the line number, or {@code -1} where JFR has none (native frames, classes without line tables)
 */
public record StackFrame(String className, String methodName, int line) {
    public StackFrame {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(methodName, "methodName");
    }

    /** {@code class.method:line} ({@code class.method} without a line). */
    @Override
    public String toString() {
        return className + "." + methodName + (line >= 0 ? ":" + line : "");
    }
}
