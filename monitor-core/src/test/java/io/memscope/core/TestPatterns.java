package io.memscope.core;

/** Test data that a copy must keep: a seeded xorshift byte sequence, different for every seed. */
public final class TestPatterns {
    private TestPatterns() {
    }

    /** {@code length} bytes generated from {@code seed}. */
    public static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        int x = seed * 0x9E3779B9 + 1;
        for (int i = 0; i < length; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            bytes[i] = (byte) x;
        }
        return bytes;
    }
}
