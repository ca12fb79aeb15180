package io.memscope.core;

import static org.lwjgl.vulkan.VK10.*;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Child-JVM side of {@link ByteBufferInputsTest}: uploads every kind of {@link ByteBuffer} through
 * {@link GpuTransfers}, reads the bytes back and compares them, then tries out-of-range offsets and sizes on every
 * method that takes a range. Prints {@code OK <case>} per case that behaved; a crash ends the JVM instead.
 */
public final class ByteBufferInputsProbe {
    static final List<String> BUFFER_KINDS = List.of("heap", "heap-slice", "heap-read-only", "direct",
            "direct-read-only", "direct-slice", "positioned");
    static final List<String> RANGE_CHECKS = List.of("empty upload", "read-back without asked TRANSFER_SRC",
            "mapped view past the end", "flush past the end", "copy of a huge size", "read-back of a negative length",
            "upload past the end", "image upload of the wrong size");

    private static final int SIZE = 4096;

    private ByteBufferInputsProbe() {
    }

    public static void main(String[] args) {
        try (VulkanContext vulkan = VulkanContext.create(); AllocatorCore core = AllocatorCore.create(vulkan)) {
            MemoryAllocator allocator = core.allocator("Probe");
            GpuTransfers transfers = new GpuTransfers(core.allocator("Staging"));
            byte[] pattern = new byte[SIZE + 64];
            for (int i = 0; i < pattern.length; i++) {
                pattern[i] = (byte) (i * 31 + 7);
            }
            byte[] expected = Arrays.copyOfRange(pattern, 16, 16 + SIZE);
            try (BufferAllocation vertices = allocator.allocateBuffer(SIZE,
                    VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage.GPU_ONLY);
                 ImageAllocation image = allocator.allocateImage(ImageRequest.texture2D(32, 32,
                         VK_FORMAT_R8G8B8A8_UNORM, VK_IMAGE_USAGE_SAMPLED_BIT))) {
                for (Map.Entry<String, Function<byte[], ByteBuffer>> kind : kinds().entrySet()) {
                    ByteBuffer data = kind.getValue().apply(pattern);
                    int position = data.position();
                    transfers.upload(data, vertices);
                    check(Arrays.equals(transfers.readBack(vertices), expected) && data.position() == position,
                            "upload " + kind.getKey());
                    transfers.uploadImage(kind.getValue().apply(pattern), image);
                    check(Arrays.equals(transfers.readBackImage(image, 0), expected), "uploadImage " + kind.getKey());
                }
                transfers.upload(ByteBuffer.allocate(0), vertices);
                check(true, "empty upload");
                check(transfers.readBack(vertices, 8, 8).length == 8, "read-back without asked TRANSFER_SRC");
                ranges(allocator, transfers, vertices, image);
            }
        }
    }

    private static void ranges(MemoryAllocator allocator, GpuTransfers transfers, BufferAllocation vertices,
                               ImageAllocation image) {
        try (BufferAllocation host = allocator.allocateBuffer(SIZE, VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                MemoryUsage.CPU_TO_GPU); MappedMemory mapped = host.map()) {
            throwsOutOfBounds(() -> mapped.getByteBuffer(Long.MAX_VALUE, 16), "mapped view past the end");
            throwsOutOfBounds(() -> host.flush(Long.MAX_VALUE - 4, 16), "flush past the end");
            throwsOutOfBounds(() -> transfers.copyBuffer(host, 1, vertices, 0, Long.MAX_VALUE), "copy of a huge size");
        }
        throwsOutOfBounds(() -> transfers.readBack(vertices, 0, -1), "read-back of a negative length");
        throwsOutOfBounds(() -> transfers.upload(ByteBuffer.allocate(64), vertices, Long.MAX_VALUE - 8),
                "upload past the end");
        try {
            transfers.uploadImage(ByteBuffer.allocate(17), image);
        } catch (IllegalArgumentException expected) {
            check(expected.getMessage().contains("needs 4096 bytes, got 17"), "image upload of the wrong size");
        }
    }

    /** Each kind presents bytes [16, 16 + SIZE) of {@code pattern} between its position and its limit. */
    private static Map<String, Function<byte[], ByteBuffer>> kinds() {
        Map<String, Function<byte[], ByteBuffer>> kinds = new LinkedHashMap<>();
        kinds.put("heap", p -> ByteBuffer.wrap(Arrays.copyOfRange(p, 16, 16 + SIZE)));
        kinds.put("heap-slice", p -> ByteBuffer.wrap(p, 16, SIZE).slice());
        kinds.put("heap-read-only", p -> ByteBuffer.wrap(p, 16, SIZE).slice().asReadOnlyBuffer());
        kinds.put("direct", p -> direct(p).position(16).limit(16 + SIZE).slice());
        kinds.put("direct-read-only", p -> direct(p).position(16).limit(16 + SIZE).slice().asReadOnlyBuffer());
        kinds.put("direct-slice", p -> direct(p).slice(16, SIZE));
        kinds.put("positioned", p -> direct(p).position(16).limit(16 + SIZE));
        return kinds;
    }

    private static ByteBuffer direct(byte[] pattern) {
        return ByteBuffer.allocateDirect(pattern.length).put(pattern).flip();
    }

    private static void throwsOutOfBounds(Runnable call, String name) {
        try {
            call.run();
        } catch (IndexOutOfBoundsException expected) {
            check(true, name);
        }
    }

    private static void check(boolean ok, String name) {
        System.out.println((ok ? "OK " : "WRONG ") + name);
    }
}
