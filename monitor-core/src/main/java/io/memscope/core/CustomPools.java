package io.memscope.core;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.util.vma.Vma.vmaCreatePool;
import static org.lwjgl.util.vma.Vma.vmaDestroyPool;
import static org.lwjgl.vulkan.VK10.VK_SUCCESS;

import io.memscope.core.exceptions.VulkanException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.util.vma.VmaPoolCreateInfo;

/**
 * VMA custom pools, one per (memory type, block size, minimum alignment), made on first use. They carry
 * {@link MemoryAllocator#setCustomBufferSize} (large blocks) and {@link MemoryAllocator#setBufferAlignment}.
 * Several tags with the same settings share a pool; each pool remembers which tags allocated from it, in first-use
 * order, so figures and the memory map can name it. Thread-safe; creation happens once per key.
 */
final class CustomPools {
    record Key(int memoryTypeIndex, long blockSize, long minAlignment) {
    }

    /** One custom pool: its key, its {@code VmaPool} handle and the tags that allocated from it. */
    static final class Pool {
        final Key key;
        final long handle;
        private final Set<String> tags = new CopyOnWriteArraySet<>();

        Pool(Key key, long handle) {
            this.key = key;
            this.handle = handle;
        }

        /** The tags that allocated from this pool, in first-use order, joined with {@code "+"}. */
        String label() {
            return String.join("+", tags);
        }
    }

    private final long vma;
    private final Map<Key, Pool> pools = new ConcurrentHashMap<>();

    CustomPools(long vma) {
        this.vma = vma;
    }

    /** The pool for {@code key}, created if needed; {@code tag} joins its tags. O(1) once the tag is known. */
    Pool pool(Key key, String tag) {
        Pool pool = pools.computeIfAbsent(key, k -> new Pool(k, create(k)));
        if (!pool.tags.contains(tag)) {
            pool.tags.add(tag);
        }
        return pool;
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

    /** The {@code VmaPool} handles made so far. */
    List<Long> handles() {
        return pools.values().stream().map(pool -> pool.handle).toList();
    }

    /** Destroys every pool. Their allocations must be gone. */
    void destroyAll() {
        pools.values().forEach(pool -> vmaDestroyPool(vma, pool.handle));
        pools.clear();
    }
}
