package io.memscope.samples.workloads;

import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_TRANSFER_DST_BIT;
import static org.lwjgl.vulkan.VK10.VK_FORMAT_R8G8B8A8_UNORM;
import static org.lwjgl.vulkan.VK10.VK_IMAGE_USAGE_SAMPLED_BIT;
import static org.lwjgl.vulkan.VK10.VK_IMAGE_USAGE_TRANSFER_DST_BIT;
import static org.lwjgl.vulkan.VK10.VK_IMAGE_USAGE_TRANSFER_SRC_BIT;

import io.memscope.core.AllocatorCore;
import io.memscope.core.BufferAllocation;
import io.memscope.core.GpuTransfers;
import io.memscope.core.ImageAllocation;
import io.memscope.core.ImageRequest;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.MemoryUsage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.lwjgl.stb.STBImage;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;

/**
 * The seed's TextureLoader (example 2) as a workload: real PNG files shipped with memscope are decoded with
 * LWJGL's stb_image bindings to RGBA8, uploaded through staging into images with a full mip chain, and the
 * chain is generated on the GPU with blits. Every {@value #RELOAD_EVERY} frames one texture is reloaded
 * (freed, decoded again, uploaded, mipmapped); every frame the GPU reads each texture (its smallest mip level
 * into a small buffer).
 *
 * <p>Not thread-safe.
 */
public final class TextureLoaderWorkload implements Workload {
    /** The images shipped in {@code io/memscope/samples/textures}. */
    public static final List<String> FILES = List.of("grass.png", "rock.png", "checker.png");
    static final int RELOAD_EVERY = 120;

    private final MemoryAllocator allocator;
    private final GpuTransfers transfers;
    private final List<ImageAllocation> textures = new ArrayList<>();
    private @Nullable BufferAllocation sampled;
    private int loaded;

    public TextureLoaderWorkload(AllocatorCore core, long seed) {
        this.allocator = core.allocator("TextureLoader");
        this.transfers = new GpuTransfers(core.allocator("TextureStaging"));
    }

    @Override
    public String name() {
        return "texture";
    }

    @Override
    public void start() {
        for (String file : FILES) {
            textures.add(load(file));
        }
        sampled = allocator.allocateBuffer(64, VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage.GPU_ONLY);
    }

    /** Decodes a shipped image with stb_image into RGBA8. */
    public static Decoded decode(String file) {
        byte[] encoded;
        try (InputStream in = Objects.requireNonNull(TextureLoaderWorkload.class.getResourceAsStream(
                "/io/memscope/samples/textures/" + file), "no texture " + file)) {
            encoded = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read texture " + file, e);
        }
        ByteBuffer data = MemoryUtil.memAlloc(encoded.length).put(encoded).flip();
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer w = stack.mallocInt(1);
            IntBuffer h = stack.mallocInt(1);
            IntBuffer channels = stack.mallocInt(1);
            ByteBuffer pixels = STBImage.stbi_load_from_memory(data, w, h, channels, 4);
            if (pixels == null) {
                throw new IllegalStateException("stb_image could not decode " + file + ": " + STBImage.stbi_failure_reason());
            }
            try {
                byte[] rgba = new byte[w.get(0) * h.get(0) * 4];
                pixels.get(0, rgba); // absolute: stbi_image_free needs the buffer at position 0
                return new Decoded(w.get(0), h.get(0), rgba);
            } finally {
                STBImage.stbi_image_free(pixels);
            }
        } finally {
            MemoryUtil.memFree(data);
        }
    }

    private ImageAllocation load(String file) {
        Decoded decoded = decode(file);
        ImageAllocation image = allocator.allocateImage(ImageRequest.texture2D(decoded.width(), decoded.height(),
                VK_FORMAT_R8G8B8A8_UNORM, VK_IMAGE_USAGE_TRANSFER_DST_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT
                        | VK_IMAGE_USAGE_SAMPLED_BIT).withFullMipChain().named(file));
        ByteBuffer texels = MemoryUtil.memAlloc(decoded.rgba().length).put(decoded.rgba()).flip();
        try {
            transfers.uploadImage(texels, image);
        } finally {
            MemoryUtil.memFree(texels);
        }
        transfers.generateMipmaps(image);
        loaded++;
        return image;
    }

    @Override
    public void frame(int index) {
        if (index > 0 && index % RELOAD_EVERY == 0) {
            int slot = (index / RELOAD_EVERY) % textures.size();
            String file = Objects.requireNonNull(textures.get(slot).getName());
            textures.get(slot).close();
            textures.set(slot, load(file));
        }
        for (ImageAllocation texture : textures) { // the GPU reads every texture: its 1x1 mip into a buffer
            transfers.copyImageToBuffer(texture, texture.getMipLevels() - 1, Objects.requireNonNull(sampled));
        }
    }

    /** The textures resident now, in {@link #FILES} order. */
    public List<ImageAllocation> textures() {
        return List.copyOf(textures);
    }

    public int loadedCount() {
        return loaded;
    }

    /** Reads a texture's mip level back through the GPU (for checks). */
    public byte[] readBack(ImageAllocation texture, int mip) {
        return transfers.readBackImage(texture, mip);
    }

    @Override
    public String status() {
        return String.format(Locale.ROOT, "texture: %d textures resident, %d loaded", textures.size(), loaded);
    }

    @Override
    public void close() {
        textures.forEach(ImageAllocation::close);
        textures.clear();
        if (sampled != null) {
            sampled.close();
            sampled = null;
        }
    }

    /** A decoded image: width, height and RGBA8 texels (a Java copy, so it outlives stb's buffer). */
    public record Decoded(int width, int height, byte[] rgba) {
    }
}
