package io.memscope.remote;

import java.io.IOException;

/** A JVM without memscope: prints {@code ready} and lives until its standard input ends. */
public final class PlainJvm {
    private PlainJvm() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the end of input
        }
    }
}
