package io.memscope.core.internal;

import java.util.Map;

/** Names of {@code VkResult} codes, for exception messages. Stateless; any thread. */
public final class VkResults {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "VK_SUCCESS"),
            Map.entry(1, "VK_NOT_READY"),
            Map.entry(2, "VK_TIMEOUT"),
            Map.entry(5, "VK_INCOMPLETE"),
            Map.entry(-1, "VK_ERROR_OUT_OF_HOST_MEMORY"),
            Map.entry(-2, "VK_ERROR_OUT_OF_DEVICE_MEMORY"),
            Map.entry(-3, "VK_ERROR_INITIALIZATION_FAILED"),
            Map.entry(-4, "VK_ERROR_DEVICE_LOST"),
            Map.entry(-5, "VK_ERROR_MEMORY_MAP_FAILED"),
            Map.entry(-6, "VK_ERROR_LAYER_NOT_PRESENT"),
            Map.entry(-7, "VK_ERROR_EXTENSION_NOT_PRESENT"),
            Map.entry(-8, "VK_ERROR_FEATURE_NOT_PRESENT"),
            Map.entry(-9, "VK_ERROR_INCOMPATIBLE_DRIVER"),
            Map.entry(-10, "VK_ERROR_TOO_MANY_OBJECTS"),
            Map.entry(-11, "VK_ERROR_FORMAT_NOT_SUPPORTED"),
            Map.entry(-12, "VK_ERROR_FRAGMENTED_POOL"),
            Map.entry(-13, "VK_ERROR_UNKNOWN"),
            Map.entry(-1000069000, "VK_ERROR_OUT_OF_POOL_MEMORY"),
            Map.entry(-1000072003, "VK_ERROR_INVALID_EXTERNAL_HANDLE"),
            Map.entry(-1000161000, "VK_ERROR_FRAGMENTATION"),
            Map.entry(-1000257000, "VK_ERROR_INVALID_OPAQUE_CAPTURE_ADDRESS"));

    private VkResults() {
    }

    /** The symbolic name of {@code code}, or {@code "VkResult(code)"} for codes this table does not know. */
    public static String name(int code) {
        String name = NAMES.get(code);
        return name != null ? name : "VkResult(" + code + ")";
    }

    /** {@code "NAME (code)"}. */
    public static String describe(int code) {
        return name(code) + " (" + code + ")";
    }
}
