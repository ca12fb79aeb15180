package io.memscope.export;

import java.awt.image.RenderedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Writes images as PNG files, atomically ({@link AtomicFiles}): a failed or killed write leaves the previous
 * file as it was. Stateless; thread-safe. Cost: O(pixels) to encode, plus one {@code fsync}.
 */
public final class PngFiles {
    private PngFiles() {
    }

    /** Writes {@code image} to {@code file} (its directory must exist). */
    public static void write(RenderedImage image, Path file) {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer for an image of type " + image.getClass().getName());
            }
        });
    }
}
