package io.memscope.export;

import java.awt.image.RenderedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes images as PNG files, atomically ({@link AtomicFiles}): a failed or killed write leaves the previous
 * file as it was. The encoder buffers in memory, never in an ImageIO cache file: that path registers a JVM shutdown
 * hook on first use, which fails while the JVM shuts down (a report written after Ctrl-C lost its charts) and
 * printed a stack trace from its closer thread after a full disk. Stateless; thread-safe. Cost: O(pixels) to
 * encode, plus one {@code fsync}.
 */
public final class PngFiles {
    private PngFiles() {
    }

    /** Writes {@code image} to {@code file} (its directory must exist). */
    public static void write(RenderedImage image, Path file) {
        AtomicFiles.write(file, out -> {
            try (ImageOutputStream png = new MemoryCacheImageOutputStream(out)) { // closing it leaves out open
                if (!ImageIO.write(image, "png", png)) {
                    throw new IOException("no PNG writer for an image of type " + image.getClass().getName());
                }
            }
        });
    }
}
