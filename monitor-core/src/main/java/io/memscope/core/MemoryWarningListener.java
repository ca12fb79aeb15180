package io.memscope.core;

/**
 * Called when a heap's usage crosses a warning threshold, on the thread whose allocation, free or
 * budget query noticed it. Keep it short; an exception it throws is logged and swallowed.
 */
@FunctionalInterface
public interface MemoryWarningListener {
    void onWarning(MemoryWarning warning);
}
