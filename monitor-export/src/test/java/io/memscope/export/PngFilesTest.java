package io.memscope.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PNGs are encoded in memory, never through ImageIO's cache file: that path registers a JVM shutdown hook on first
 * use, which throws while the JVM shuts down (a report written after Ctrl-C lost its charts).
 */
class PngFilesTest {
    @Test
    void aPngIsWrittenWithoutImageIosCacheFile(@TempDir Path dir) throws Exception {
        Path cache = Files.createDirectory(dir.resolve("cache"));
        boolean useCache = ImageIO.getUseCache();
        File cacheDir = ImageIO.getCacheDirectory();
        try {
            ImageIO.setUseCache(true);
            ImageIO.setCacheDirectory(cache.toFile());
            Files.delete(cache); // ImageIO's cached stream now cannot be made: writing through it would fail
            BufferedImage image = new BufferedImage(64, 32, BufferedImage.TYPE_INT_RGB);
            image.setRGB(5, 5, 0x336699);
            Path png = dir.resolve("x.png");
            PngFiles.write(image, png);
            assertThat(ImageIO.read(png.toFile()).getRGB(5, 5) & 0xFFFFFF).isEqualTo(0x336699);
        } finally {
            ImageIO.setUseCache(useCache);
            ImageIO.setCacheDirectory(cacheDir);
        }
    }
}
