package io.memscope.core;

import static io.memscope.core.VkCheck.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.util.vma.Vma.*;
import static org.lwjgl.vulkan.VK10.*;

import io.memscope.core.event.AllocationInfo;
import io.memscope.core.exceptions.VulkanException;
import io.memscope.core.stats.DefragmentationResult;
import io.memscope.core.stats.MemoryStats;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.util.vma.VmaAllocationInfo;
import org.lwjgl.util.vma.VmaDefragmentationInfo;
import org.lwjgl.util.vma.VmaDefragmentationMove;
import org.lwjgl.util.vma.VmaDefragmentationPassMoveInfo;
import org.lwjgl.vulkan.VkBufferCopy;
import org.lwjgl.vulkan.VkBufferCreateInfo;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkImageCopy;
import org.lwjgl.vulkan.VkImageCreateInfo;

/**
 * Runs VMA's defragmentation passes and performs every move for real: a new {@code VkBuffer} or
 * {@code VkImage} bound at VMA's new place, a GPU copy of the contents (all mip levels and layers of an
 * image, with layout transitions), the old resource destroyed, the Java handle updated.
 *
 * <p>Runs with the core lock held for the whole call, so no allocation, free or map of the
 * same core runs meanwhile (VMA's passes are not safe against concurrent allocation); other threads wait.
 * One instance per call; not thread-safe.
 */
final class Defragmenter {
    /** What the core lends the defragmenter. */
    interface Host {
        long vma();

        VulkanContext context();

        List<Allocation> liveAllocations();

        List<Long> customPools();

        MemoryStats computeStats();

        /** Blocks freed since the core began, from memscope's own record of VMA's device-memory callbacks. */
        Ledger.FreedBlocks freedBlocks();

        void moved(Allocation allocation, AllocationInfo before);

        /** VMA moved {@code allocation} to {@code offset} of {@code deviceMemory}: update it and the ledger. */
        void relocate(Allocation allocation, long deviceMemory, long offset);

        void progress(int pass, long bytesMoved, int allocationsMoved);
    }

    private final Host host;
    private final DefragmentationOptions options;
    private final @Nullable Set<Allocation> marked;
    private final Map<Long, Allocation> byVmaHandle = new HashMap<>();
    private long bytesMoved;
    private int allocationsMoved;
    private int passes;
    private boolean complete = true;

    Defragmenter(Host host, DefragmentationOptions options, @Nullable Set<Allocation> marked) {
        this.host = host;
        this.options = options;
        this.marked = marked;
    }

    DefragmentationResult run() {
        long start = System.nanoTime();
        MemoryStats before = host.computeStats();
        Ledger.FreedBlocks freedBefore = host.freedBlocks();
        for (Allocation allocation : host.liveAllocations()) {
            byVmaHandle.put(allocation.vmaAllocation, allocation);
        }
        List<Long> pools = new ArrayList<>();
        pools.add(VK_NULL_HANDLE); // the default pools of every memory type
        pools.addAll(host.customPools());
        for (long pool : pools) {
            if (options.maxPasses() > 0 && passes >= options.maxPasses()) {
                complete = false;
                break;
            }
            defragmentPool(pool);
        }
        MemoryStats after = host.computeStats();
        // VMA's VmaDefragmentationStats.bytesFreed can name another block size than the blocks it really freed
        // (default pools mix block sizes); memscope's own record of the blocks freed is exact
        Ledger.FreedBlocks freedAfter = host.freedBlocks();
        return new DefragmentationResult(options.algorithm().name(), bytesMoved, allocationsMoved,
                freedAfter.bytes() - freedBefore.bytes(), freedAfter.count() - freedBefore.count(), before.fragmentationRatio(), after.fragmentationRatio(), before.usedBytes(),
                after.usedBytes(), before.totalBytes(), after.totalBytes(), passes,
                java.time.Duration.ofNanos(System.nanoTime() - start), complete);
    }

    private void defragmentPool(long pool) {
        long vma = host.vma();
        long context;
        try (MemoryStack stack = stackPush()) {
            VmaDefragmentationInfo info = VmaDefragmentationInfo.calloc(stack)
                    .flags(options.algorithm().vmaFlag())
                    .pool(pool)
                    .maxBytesPerPass(options.maxBytesPerPass())
                    .maxAllocationsPerPass(options.maxAllocationsPerPass());
            PointerBuffer pContext = stack.mallocPointer(1);
            check(vmaBeginDefragmentation(vma, info, pContext), "vmaBeginDefragmentation");
            context = pContext.get(0);
        }
        VmaDefragmentationPassMoveInfo pass = VmaDefragmentationPassMoveInfo.calloc();
        try {
            while (true) {
                if (options.maxPasses() > 0 && passes >= options.maxPasses()) {
                    complete = false;
                    break;
                }
                int begin = vmaBeginDefragmentationPass(vma, context, pass);
                if (begin == VK_SUCCESS) {
                    break; // nothing (more) to move
                }
                check(begin, VK_INCOMPLETE, "vmaBeginDefragmentationPass");
                List<Move> moves = performMoves(pass);
                int end = vmaEndDefragmentationPass(vma, context, pass);
                passes++;
                finishMoves(moves);
                host.progress(passes, bytesMoved, allocationsMoved);
                if (end == VK_SUCCESS) {
                    break;
                }
                check(end, VK_INCOMPLETE, "vmaEndDefragmentationPass");
            }
        } finally {
            vmaEndDefragmentation(vma, context, null);
            pass.free();
        }
    }

    /** Decides every proposed move, creates and binds the new resources, copies on the GPU, destroys the old. */
    private List<Move> performMoves(VmaDefragmentationPassMoveInfo pass) {
        VmaDefragmentationMove.Buffer proposed = pass.pMoves();
        List<Move> moves = new ArrayList<>();
        if (proposed == null) {
            return moves;
        }
        List<ImageAllocation> images = new ArrayList<>();
        for (int i = 0; i < pass.moveCount(); i++) {
            VmaDefragmentationMove move = proposed.get(i);
            Allocation allocation = byVmaHandle.get(move.srcAllocation());
            if (allocation == null || !movable(allocation)) {
                move.operation(VMA_DEFRAGMENTATION_MOVE_OPERATION_IGNORE);
                continue;
            }
            long created = create(allocation, move.dstTmpAllocation());
            moves.add(new Move(allocation, allocation.toInfo(), created, allocation.resourceHandle()));
            if (allocation instanceof ImageAllocation image) {
                images.add(image);
            }
        }
        if (!moves.isEmpty()) {
            host.context().submitAndWait(cmd -> recordCopies(cmd, moves));
            for (Move move : moves) {
                destroy(move.allocation(), move.oldResource());
                move.allocation().replaceResource(move.newResource());
            }
        }
        return moves;
    }

    /** Pinned, mapped, persistently mapped, unmarked (when marks exist) and non-copyable images stay. */
    private boolean movable(Allocation allocation) {
        if (allocation.isPinned() || allocation.isInUse() || allocation.isPersistentlyMapped()) {
            return false;
        }
        if (marked != null && !marked.contains(allocation)) {
            return false;
        }
        return !(allocation instanceof ImageAllocation image)
                || (image.getVulkanUsageFlags() & CoreEngine.MOVABLE_IMAGE_USAGE) == CoreEngine.MOVABLE_IMAGE_USAGE;
    }

    private long create(Allocation allocation, long dstTmpAllocation) {
        VulkanContext ctx = host.context();
        try (MemoryStack stack = stackPush()) {
            LongBuffer handle = stack.mallocLong(1);
            if (allocation instanceof BufferAllocation buffer) {
                VkBufferCreateInfo info = VkBufferCreateInfo.calloc(stack).sType$Default()
                        .size(buffer.getSize())
                        .usage(buffer.getUsageFlags() | CoreEngine.MOVABLE_BUFFER_USAGE)
                        .sharingMode(VK_SHARING_MODE_EXCLUSIVE);
                check(vkCreateBuffer(ctx.getDevice(), info, null, handle), "vkCreateBuffer (defragmentation)");
                int bind = vmaBindBufferMemory(host.vma(), dstTmpAllocation, handle.get(0));
                if (bind != VK_SUCCESS) {
                    vkDestroyBuffer(ctx.getDevice(), handle.get(0), null);
                    throw VulkanException.of(bind, "vmaBindBufferMemory (defragmentation of " + buffer.describe() + ")");
                }
            } else {
                ImageAllocation image = (ImageAllocation) allocation;
                ImageRequest r = image.request();
                VkImageCreateInfo info = r.toCreateInfo(image.getVulkanUsageFlags(), stack);
                check(vkCreateImage(ctx.getDevice(), info, null, handle), "vkCreateImage (defragmentation)");
                int bind = vmaBindImageMemory(host.vma(), dstTmpAllocation, handle.get(0));
                if (bind != VK_SUCCESS) {
                    vkDestroyImage(ctx.getDevice(), handle.get(0), null);
                    throw VulkanException.of(bind, "vmaBindImageMemory (defragmentation of " + image.describe() + ")");
                }
            }
            return handle.get(0);
        }
    }

    private static void recordCopies(VkCommandBuffer cmd, List<Move> moves) {
        try (MemoryStack stack = stackPush()) {
            for (Move move : moves) {
                if (move.allocation() instanceof BufferAllocation buffer) {
                    VkBufferCopy.Buffer region = VkBufferCopy.calloc(1, stack).size(buffer.getSize());
                    vkCmdCopyBuffer(cmd, move.oldResource(), move.newResource(), region);
                } else {
                    recordImageCopy(cmd, (ImageAllocation) move.allocation(), move.oldResource(), move.newResource(), stack);
                }
            }
        }
    }

    /**
     * Old image: its tracked layout → TRANSFER_SRC; new image: UNDEFINED → TRANSFER_DST; copy every mip level
     * and layer; new image → the old one's layout. An image never written (layout UNDEFINED) has no contents
     * to keep: it is only re-created.
     */
    private static void recordImageCopy(VkCommandBuffer cmd, ImageAllocation image, long oldImage, long newImage,
                                        MemoryStack stack) {
        int layout = image.getLayout();
        if (layout == VK_IMAGE_LAYOUT_UNDEFINED) {
            return;
        }
        int aspect = aspectOf(image.getFormat());
        barrier(cmd, oldImage, aspect, image, layout, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                VK_ACCESS_MEMORY_WRITE_BIT, VK_ACCESS_TRANSFER_READ_BIT, stack);
        barrier(cmd, newImage, aspect, image, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                0, VK_ACCESS_TRANSFER_WRITE_BIT, stack);
        VkImageCopy.Buffer regions = VkImageCopy.calloc(image.getMipLevels(), stack);
        for (int mip = 0; mip < image.getMipLevels(); mip++) {
            VkImageCopy region = regions.get(mip);
            region.srcSubresource().set(aspect, mip, 0, image.getArrayLayers());
            region.dstSubresource().set(aspect, mip, 0, image.getArrayLayers());
            region.extent().set(Math.max(1, image.getWidth() >> mip), Math.max(1, image.getHeight() >> mip),
                    Math.max(1, image.getDepth() >> mip));
        }
        vkCmdCopyImage(cmd, oldImage, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, newImage,
                VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, regions);
        barrier(cmd, newImage, aspect, image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, layout,
                VK_ACCESS_TRANSFER_WRITE_BIT, VK_ACCESS_MEMORY_READ_BIT | VK_ACCESS_MEMORY_WRITE_BIT, stack);
    }

    private static void barrier(VkCommandBuffer cmd, long vkImage, int aspect, ImageAllocation image, int oldLayout,
                                int newLayout, int srcAccess, int dstAccess, MemoryStack stack) {
        ImageBarriers.transition(cmd, vkImage, aspect, 0, image.getMipLevels(), image.getArrayLayers(), oldLayout,
                newLayout, srcAccess, dstAccess, stack);
    }

    /** The aspects a copy of {@code format} names. */
    static int aspectOf(int format) {
        return switch (format) {
            case VK_FORMAT_D16_UNORM, VK_FORMAT_X8_D24_UNORM_PACK32, VK_FORMAT_D32_SFLOAT -> VK_IMAGE_ASPECT_DEPTH_BIT;
            case VK_FORMAT_S8_UINT -> VK_IMAGE_ASPECT_STENCIL_BIT;
            case VK_FORMAT_D16_UNORM_S8_UINT, VK_FORMAT_D24_UNORM_S8_UINT, VK_FORMAT_D32_SFLOAT_S8_UINT ->
                    VK_IMAGE_ASPECT_DEPTH_BIT | VK_IMAGE_ASPECT_STENCIL_BIT;
            default -> VK_IMAGE_ASPECT_COLOR_BIT;
        };
    }

    private void destroy(Allocation allocation, long resource) {
        if (allocation instanceof BufferAllocation) {
            vkDestroyBuffer(host.context().getDevice(), resource, null);
        } else {
            vkDestroyImage(host.context().getDevice(), resource, null);
        }
    }

    /** After VMA committed the pass: read the new placement, count, publish. */
    private void finishMoves(List<Move> moves) {
        try (VmaAllocationInfo info = VmaAllocationInfo.malloc()) {
            for (Move move : moves) {
                Allocation allocation = move.allocation();
                vmaGetAllocationInfo(host.vma(), allocation.vmaAllocation, info);
                host.relocate(allocation, info.deviceMemory(), info.offset());
                bytesMoved += allocation.getAllocatedSize();
                allocationsMoved++;
                host.moved(allocation, move.before());
            }
        }
    }

    /** A move in progress: the allocation, where it was, and the resource that replaces the old one. */
    private record Move(Allocation allocation, AllocationInfo before, long newResource, long oldResource) {
    }
}
