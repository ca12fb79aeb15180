package io.memscope.core;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.util.vma.Vma.vmaCreatePool;
import static org.lwjgl.util.vma.Vma.vmaDestroyPool;
import static org.lwjgl.vulkan.VK10.VK_SUCCESS;

import io.memscope.core.exceptions.VulkanException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.util.vma.VmaPoolCreateInfo;

/**
 * VMA custom pools, one per (memory type, block size, minimum alignment), made on first use. They carry
 * {@link MemoryAllocator#setCustomBufferSize} (large blocks) and {@link MemoryAllocator#setBufferAlignment}.
 * Thread-safe; creation happens once per key.
 */
final class CustomPools {
    record Key(int memoryTypeIndex, long blockSize, long minAlignment) {
    }

    private final long vma;
    private final Map<Key, Long> pools = new ConcurrentHashMap<>();

    CustomPools(long vma) {
        this.vma = vma;
    }

    /** The {@code VmaPool} for {@code key}, created if needed. */
    long pool(Key key) {
        return pools.computeIfAbsent(key, this::create);
    }

    private long create(Key key) {
        try (MemoryStack stack = stackPush()) {
            VmaPoolCreateInfo info = VmaPoolCreateInfo.calloc(stack)
                    .memoryTypeIndex(key.memoryTypeIndex())
                    .blockSize(key.blockSize())
                    .minAllocationAlignment(key.minAlignment());
            PointerBuffer pPool = stack.mallocPointer(1);
            int result = vmaCreatePool(vma, info, pPool);
            if (result != VK_SUCCESS) {
                throw VulkanException.of(result, "vmaCreatePool(" + key + ")");
            }
            return pPool.get(0);
        }
    }

    int size() {
        return pools.size();
    }

    /** Destroys every pool. Their allocations must be gone. */
    /** The {@code VmaPool} handles made so far. */
    List<Long> handles() {
        return List.copyOf(pools.values());
    }

    void destroyAll() {
        pools.values().forEach(pool -> vmaDestroyPool(vma, pool));
        pools.clear();
    }
}
