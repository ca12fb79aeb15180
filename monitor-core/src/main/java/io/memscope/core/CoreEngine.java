package io.memscope.core;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.util.vma.Vma.*;
import static org.lwjgl.vulkan.VK10.*;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.exceptions.AllocationMappedException;
import io.memscope.core.exceptions.AllocatorClosedException;
import io.memscope.core.exceptions.ForeignAllocationException;
import io.memscope.core.exceptions.InvalidAllocationRequestException;
import io.memscope.core.exceptions.MemoryNotHostVisibleException;
import io.memscope.core.exceptions.VulkanException;
import io.memscope.core.internal.jfr.AllocationSites;
import io.memscope.core.internal.jfr.ChunkStates;
import io.memscope.core.internal.Bytes;
import io.memscope.core.stats.BudgetSource;
import io.memscope.core.stats.DefragmentationResult;
import io.memscope.core.stats.DeviceMemoryLayout;
import io.memscope.core.stats.HeapBudget;
import io.memscope.core.stats.LeakReport;
import io.memscope.core.stats.MemoryBlock;
import io.memscope.core.stats.MemoryBudget;
import io.memscope.core.stats.MemoryHeapInfo;
import io.memscope.core.stats.MemoryStats;
import io.memscope.core.stats.MemoryTypeInfo;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.lwjgl.util.vma.VmaAllocateDeviceMemoryFunction;
import org.lwjgl.util.vma.VmaAllocationCreateInfo;
import org.lwjgl.util.vma.VmaAllocationInfo;
import org.lwjgl.util.vma.VmaAllocationInfo2;
import org.lwjgl.util.vma.VmaAllocatorCreateInfo;
import org.lwjgl.util.vma.VmaBudget;
import org.lwjgl.util.vma.VmaDeviceMemoryCallbacks;
import org.lwjgl.util.vma.VmaFreeDeviceMemoryFunction;
import org.lwjgl.util.vma.VmaVulkanFunctions;
import org.lwjgl.vulkan.VkBufferCreateInfo;
import org.lwjgl.vulkan.VkExtent3D;
import org.lwjgl.vulkan.VkImageCreateInfo;
import org.lwjgl.vulkan.VkImageFormatProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind one {@link AllocatorCore}: the VMA allocator, the {@link CoreLock} held around every VMA
 * call and all bookkeeping, the {@link Ledger}, custom pools, request checks, figures, defragmentation and
 * close. Package-private: the public face is {@link AllocatorCore}; handles reach the engine through
 * {@link AllocationHost}, the monitor through {@link InProcessMonitor.Host}, the defragmenter through
 * {@link Defragmenter.Host}. It never calls the public classes back.
 *
 * <p>Threading and cost as documented on {@link AllocatorCore}.
 */
final class CoreEngine implements AllocationHost, InProcessMonitor.Host, VulkanContext.Dependent {
    private static final Logger LOG = LoggerFactory.getLogger(AllocatorCore.class);

    /** Transfer bits every buffer gets, and images get where the format allows: defragmentation copies with them. */
    static final int MOVABLE_BUFFER_USAGE = VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT;
    static final int MOVABLE_IMAGE_USAGE = VK_IMAGE_USAGE_TRANSFER_SRC_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT;
    /** Ids of cores in this JVM: 1, 2, ... (the MXBean's {@code core} key and the JFR events' {@code core} field). */
    private static final AtomicInteger NEXT_CORE_ID = new AtomicInteger(1);
    /** How long {@link #captureSequencedState()} waits for the hub to number what was recorded. */
    private static final Duration NUMBERING_LIMIT = Duration.ofSeconds(5);
    /**
     * How long {@link #closeAndReportLeaks()} waits for the core's lock. Every operation holds it for micro- to
     * milliseconds; one that holds it this long is stuck, and a close that waited for it would hang the thread (the
     * driver thread, which every context's close and the exit's close go through).
     */
    static final Duration CLOSE_LOCK_WAIT = Duration.ofSeconds(10);

    private final VulkanContext context;
    private final DeviceMemoryLayout layout;
    private final long vma;
    @GuardedBy("lock")
    private final Ledger ledger;
    @GuardedBy("lock")
    private final CustomPools customPools;
    /** Held around every VMA call and all bookkeeping (VMA itself is created externally synchronised). */
    private final CoreLock lock = new CoreLock();
    private final VmaAllocateDeviceMemoryFunction onBlockAllocated;
    private final VmaFreeDeviceMemoryFunction onBlockFreed;
    private final BudgetSource budgetSource;
    private final long heapSizeLimit;
    private final long largestHeapBytes;
    /** Each heap's size as VMA may use it: the physical size, lowered to the heap size limit when one is set. */
    private final long[] usableHeapBytes;
    /** Wall clock and monotonic clock read together once, so allocations need only read {@code nanoTime}. */
    private final long epochMillisAtStart = System.currentTimeMillis();
    private final long nanosAtStart = System.nanoTime();
    private final InProcessMonitor monitor;
    private final EventRecorder events;
    private volatile boolean closed;
    private final int coreId = NEXT_CORE_ID.getAndIncrement();
    /** Call stacks of allocations, on the allocating thread, while a recording asks for them. */
    @GuardedBy("lock")
    private final AllocationSites sites = new AllocationSites(coreId);
    private final @Nullable CoreMXBean mxBean;

    @SuppressWarnings("GuardedBy") // VMA calls the block callbacks inside its own calls, which run under the lock
    CoreEngine(VulkanContext context, AllocatorOptions options) {
        context.ensureOpen();
        this.context = context;
        this.layout = context.getMemoryLayout();
        this.heapSizeLimit = options.heapSizeLimitBytes();
        this.largestHeapBytes = layout.largestHeapBytes();
        this.usableHeapBytes = layout.heaps().stream()
                .mapToLong(h -> heapSizeLimit > 0 ? Math.min(h.sizeBytes(), heapSizeLimit) : h.sizeBytes()).toArray();
        this.ledger = new Ledger();
        this.onBlockAllocated = VmaAllocateDeviceMemoryFunction.create(
                (allocator, memoryType, memory, size, userData) -> ledger.blockAllocated(memory, memoryType, size));
        this.onBlockFreed = VmaFreeDeviceMemoryFunction.create(
                (allocator, memoryType, memory, size, userData) -> ledger.blockFreed(memory));
        this.budgetSource = context.hasMemoryBudgetExtension() ? BudgetSource.EXT_MEMORY_BUDGET : BudgetSource.VMA_ESTIMATE;
        try {
            this.vma = createVma(context, options);
        } catch (RuntimeException e) {
            onBlockAllocated.free();
            onBlockFreed.free();
            throw e;
        }
        this.customPools = new CustomPools(vma);
        this.monitor = new InProcessMonitor(this, options.monitor());
        this.events = monitor.recorder();
        context.register(this);
        this.mxBean = CoreMXBean.register(this, monitor);
        ChunkStates.register(chunkStateSource);
    }

    /** This core as the chunk-start layout and state of captures see it. */
    private final ChunkStates.Source chunkStateSource = new ChunkStates.Source() {
        @Override
        public int coreId() {
            return coreId;
        }

        @Override
        public String deviceName() {
            return context.getDeviceName();
        }

        @Override
        public String budgetSource() {
            return budgetSource.name();
        }

        @Override
        public long heapSizeLimit() {
            return heapSizeLimit;
        }

        @Override
        public DeviceMemoryLayout layout() {
            return layout;
        }

        @Override
        public void refreshBridge() {
            monitor.jfrBridge().refresh();
        }

        @Override
        public ChunkStates.Captured capture() {
            SequencedState state = captureSequencedState();
            return new ChunkStates.Captured(state.sequence(), System.currentTimeMillis(), System.nanoTime(),
                    state.allocations());
        }

        @Override
        public void awaitCommitted() {
            if (!closed) {
                long sequence = monitor.hub().awaitNumbered(NUMBERING_LIMIT);
                if (!monitor.jfrBridge().awaitHandled(sequence, NUMBERING_LIMIT)) {
                    LOG.warn("memscope's JFR bridge of core {} did not commit up to event {} within {}; the capture "
                            + "may miss its last events", coreId, sequence, NUMBERING_LIMIT);
                }
            }
        }

        @Override
        public List<MemoryBlock> memoryBlocks() {
            return CoreEngine.this.memoryBlocks();
        }
    };

    /**
     * Waits (up to about 5 s) until this core's JFR bridge has committed every memory event recorded before the call,
     * batched allocation records included; returns at once without a running recording.
     */
    void awaitJfrCommitted() {
        chunkStateSource.awaitCommitted();
    }

    private long createVma(VulkanContext ctx, AllocatorOptions options) { // after usableHeapBytes is set
        try (MemoryStack stack = stackPush()) {
            // every call is under this core's lock
            int flags = ctx.vmaAllocatorFlags() | VMA_ALLOCATOR_CREATE_EXTERNALLY_SYNCHRONIZED_BIT;
            // Always limit VMA to the real heap sizes: some drivers (lavapipe) hand out more than their heap
            // and would let an application overcommit silently; with the limit, a full heap fails the same
            // way everywhere (VK_ERROR_OUT_OF_DEVICE_MEMORY). VMA checks it only when it allocates a block.
            LongBuffer limits = stack.longs(usableHeapBytes);
            VmaAllocatorCreateInfo info = VmaAllocatorCreateInfo.calloc(stack)
                    .flags(flags)
                    .physicalDevice(ctx.getPhysicalDevice())
                    .device(ctx.getDevice())
                    .instance(ctx.getInstance())
                    .vulkanApiVersion(ctx.getApiVersion())
                    .preferredLargeHeapBlockSize(options.preferredLargeHeapBlockSize())
                    .pVulkanFunctions(VmaVulkanFunctions.calloc(stack).set(ctx.getInstance(), ctx.getDevice()))
                    .pDeviceMemoryCallbacks(VmaDeviceMemoryCallbacks.calloc(stack)
                            .pfnAllocate(onBlockAllocated).pfnFree(onBlockFreed))
                    .pHeapSizeLimit(limits);
            PointerBuffer pAllocator = stack.mallocPointer(1);
            int result = vmaCreateAllocator(info, pAllocator);
            if (result != VK_SUCCESS) {
                throw VulkanException.of(result, "vmaCreateAllocator");
            }
            return pAllocator.get(0);
        }
    }

    // ------------------------------------------------------------------------------------------ identity

    @Override
    public VulkanContext context() {
        return context;
    }

    @Override
    public DeviceMemoryLayout layout() {
        return layout;
    }

    /** The raw {@code VmaAllocator}; see {@link AllocatorCore#getVmaAllocator()}. */
    long vmaAllocator() {
        ensureOpen();
        return vma;
    }

    /** Runs {@code call} with the raw allocator under the core lock; see {@link AllocatorCore#withVma}. */
    <T> T withVma(AllocatorCore.VmaCall<T> call) {
        lock.lock();
        try {
            ensureOpen();
            return call.call(vma);
        } finally {
            lock.unlock();
        }
    }

    InProcessMonitor monitor() {
        return monitor;
    }

    /** The largest heap, lowered to {@link AllocatorOptions#heapSizeLimitBytes()} when set: no block can be larger. */
    long largestUsableHeapBytes() {
        return heapSizeLimit > 0 ? Math.min(heapSizeLimit, largestHeapBytes) : largestHeapBytes;
    }

    /** Wall-clock time in epoch milliseconds of a {@link System#nanoTime()} reading taken in this JVM. */
    @Override
    public long epochMillisAt(long nanoTime) {
        return epochMillisAtStart + (nanoTime - nanosAtStart) / 1_000_000;
    }

    /** The per-heap limit set by {@link AllocatorOptions#heapSizeLimitBytes()}, or 0. */
    long heapSizeLimit() {
        return heapSizeLimit;
    }

    // ------------------------------------------------------------------------------------------- allocation

    BufferAllocation createBuffer(MemoryAllocator owner, FacadeSettings facade, BufferRequest request) {
        return createBuffer(owner, facade, request.size(), request.usageFlags(), request.memoryUsage(), request.name(),
                request.persistentlyMapped(), request.dedicated(), request.priority(), request.withinBudget());
    }

    /** The allocation path, with the request unpacked so the common overload allocates no request object. */
    BufferAllocation createBuffer(MemoryAllocator owner, FacadeSettings facade, long size, int usageFlags, MemoryUsage memoryUsage,
                                  @Nullable String name, boolean persistentlyMapped, boolean dedicatedRequested,
                                  @Nullable Float priority, boolean withinBudgetRequested) {
        validateBuffer(size, usageFlags, memoryUsage, persistentlyMapped);
        float effectivePriority = priority != null ? checkPriority(priority) : facade.priority();
        boolean withinBudget = withinBudgetRequested || facade.withinBudget();
        lock.lock();
        try {
            ensureOpen();
            try (MemoryStack stack = stackPush()) {
                VkBufferCreateInfo bufferInfo = VkBufferCreateInfo.calloc(stack).sType$Default()
                        .size(size)
                        .usage(usageFlags | MOVABLE_BUFFER_USAGE) // so defragmentation can copy it
                        .sharingMode(VK_SHARING_MODE_EXCLUSIVE);
                // A dedicated block (asked for, or larger than the facade's custom block) bypasses custom pools:
                // VMA cannot place it in a pool of fixed block size, and offset 0 meets any alignment.
                long customBlock = facade.customBlockBytes();
                boolean dedicated = dedicatedRequested || (customBlock > 0 && size > customBlock);
                VmaAllocationCreateInfo createInfo = createInfo(facade, memoryUsage, persistentlyMapped, dedicated, stack)
                        .priority(effectivePriority);
                if (withinBudget) {
                    createInfo.flags(createInfo.flags() | VMA_ALLOCATION_CREATE_WITHIN_BUDGET_BIT);
                }
                CustomPools.Pool pool = null;
                if (!dedicated && facade.needsCustomPool()) {
                    pool = bufferPool(facade, bufferInfo, createInfo, stack);
                    createInfo.pool(pool.handle);
                }
                LongBuffer pBuffer = stack.mallocLong(1);
                PointerBuffer pAllocation = stack.mallocPointer(1);
                VmaAllocationInfo info = VmaAllocationInfo.malloc(stack);
                int result = vmaCreateBuffer(vma, bufferInfo, createInfo, pBuffer, pAllocation, info);
                if (result == VK_SUCCESS && withinBudget && !dedicated
                        && madeDedicatedOverBudget(pAllocation.get(0), info.memoryType(), stack)) {
                    vmaDestroyBuffer(vma, pBuffer.get(0), pAllocation.get(0));
                    createInfo.flags(createInfo.flags() | VMA_ALLOCATION_CREATE_DEDICATED_MEMORY_BIT);
                    result = vmaCreateBuffer(vma, bufferInfo, createInfo, pBuffer, pAllocation, info);
                }
                if (result != VK_SUCCESS) {
                    throw VulkanException.of(result, "vmaCreateBuffer(" + describeBuffer(facade, size, usageFlags,
                            memoryUsage, name) + withinBudgetNote(withinBudget, result) + ")");
                }
                long allocation = pAllocation.get(0);
                nameAllocation(allocation, name);
                BufferAllocation handle = new BufferAllocation(owner, this, ledger.nextId(), name,
                        size, memoryUsage, usageFlags, pBuffer.get(0), allocation,
                        info.deviceMemory(), info.offset(), info.size(), info.memoryType(), info.pMappedData());
                ledger.add(handle, pool);
                events.created(handle);
                sites.record(handle.getId(), facade.tag());
                return handle;
            }
        } finally {
            lock.unlock();
        }
    }

    ImageAllocation createImage(MemoryAllocator owner, FacadeSettings facade, ImageRequest request) {
        validate(request);
        Float priority = request.priority();
        float effectivePriority = priority != null ? checkPriority(priority) : facade.priority();
        boolean withinBudget = request.withinBudget() || facade.withinBudget();
        lock.lock();
        try {
            ensureOpen();
            try (MemoryStack stack = stackPush()) {
                checkImageSupported(request, stack);
                int vulkanUsage = movableImageUsage(request, stack);
                VkImageCreateInfo imageInfo = request.toCreateInfo(vulkanUsage, stack);
                VmaAllocationCreateInfo createInfo = createInfo(facade, request.memoryUsage(), false, false, stack)
                        .priority(effectivePriority);
                if (withinBudget) {
                    createInfo.flags(createInfo.flags() | VMA_ALLOCATION_CREATE_WITHIN_BUDGET_BIT);
                }
                LongBuffer pImage = stack.mallocLong(1);
                PointerBuffer pAllocation = stack.mallocPointer(1);
                VmaAllocationInfo info = VmaAllocationInfo.malloc(stack);
                int result = vmaCreateImage(vma, imageInfo, createInfo, pImage, pAllocation, info);
                if (result == VK_SUCCESS && withinBudget
                        && madeDedicatedOverBudget(pAllocation.get(0), info.memoryType(), stack)) {
                    vmaDestroyImage(vma, pImage.get(0), pAllocation.get(0));
                    createInfo.flags(createInfo.flags() | VMA_ALLOCATION_CREATE_DEDICATED_MEMORY_BIT);
                    result = vmaCreateImage(vma, imageInfo, createInfo, pImage, pAllocation, info);
                }
                if (result != VK_SUCCESS) {
                    throw VulkanException.of(result, "vmaCreateImage(" + describe(facade, request)
                            + withinBudgetNote(withinBudget, result) + ")");
                }
                long allocation = pAllocation.get(0);
                nameAllocation(allocation, request.name());
                ImageAllocation handle = new ImageAllocation(owner, this, ledger.nextId(), request.name(),
                        info.size(), request.memoryUsage(), request, vulkanUsage, pImage.get(0), allocation,
                        info.deviceMemory(), info.offset(), info.size(), info.memoryType());
                ledger.add(handle, null);
                events.created(handle);
                sites.record(handle.getId(), facade.tag());
                return handle;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The request's usage plus the transfer bits, if the device supports the image with them. */
    private int movableImageUsage(ImageRequest request, MemoryStack stack) {
        int usage = request.usageFlags() | MOVABLE_IMAGE_USAGE;
        if (usage == request.usageFlags()) {
            return usage;
        }
        VkImageFormatProperties props = VkImageFormatProperties.malloc(stack);
        int result = vkGetPhysicalDeviceImageFormatProperties(context.getPhysicalDevice(), request.format(),
                request.imageType(), request.tiling(), usage, 0, props);
        return result == VK_SUCCESS ? usage : request.usageFlags();
    }

    private static VmaAllocationCreateInfo createInfo(FacadeSettings facade, MemoryUsage usage, boolean mapped,
                                                      boolean dedicated, MemoryStack stack) {
        int flags = usage.hostAccessFlags() | facade.strategy().vmaFlags();
        if (mapped) {
            flags |= VMA_ALLOCATION_CREATE_MAPPED_BIT;
        }
        if (dedicated) {
            flags |= VMA_ALLOCATION_CREATE_DEDICATED_MEMORY_BIT;
        }
        return VmaAllocationCreateInfo.calloc(stack).usage(usage.vmaUsage()).flags(flags);
    }

    /**
     * Returns {@code priority} if it is a valid {@code VmaAllocationCreateInfo.priority} ({@code [0, 1]}), else throws
     * {@link InvalidAllocationRequestException}; checked before any native call.
     */
    static float checkPriority(float priority) {
        if (!(priority >= 0f && priority <= 1f)) { // also false for NaN
            throw new InvalidAllocationRequestException("allocation priority must be in [0, 1], was " + priority);
        }
        return priority;
    }

    /**
     * Whether VMA gave {@code allocation} its own {@code VkDeviceMemory} by its size heuristic (larger than half a
     * block) and its heap is now over budget. VMA checks {@code WITHIN_BUDGET} for a dedicated allocation only when
     * {@code DEDICATED_MEMORY} was asked for, so such an allocation was never checked; the caller then destroys it and
     * asks again with {@code DEDICATED_MEMORY}, so that VMA checks the budget of every fitting memory type (it may
     * place it in another heap, e.g. host memory) or refuses. One {@code vmaGetAllocationInfo2} and, for a dedicated
     * allocation, one {@code vmaGetHeapBudgets}: O(heaps).
     */
    @GuardedBy("lock")
    private boolean madeDedicatedOverBudget(long allocation, int memoryType, MemoryStack stack) {
        VmaAllocationInfo2 info = VmaAllocationInfo2.malloc(stack);
        vmaGetAllocationInfo2(vma, allocation, info);
        if (!info.dedicatedMemory()) {
            return false; // placed in a block: VMA checked the budget before it made a new block
        }
        VmaBudget.Buffer budgets = VmaBudget.calloc(VK_MAX_MEMORY_HEAPS, stack);
        vmaGetHeapBudgets(vma, budgets);
        VmaBudget heap = budgets.get(layout.type(memoryType).heapIndex());
        return heap.usage() > heap.budget();
    }

    /** What a failed request's message adds when it was made within budget: why VMA refused. */
    private static String withinBudgetNote(boolean withinBudget, int result) {
        if (!withinBudget) {
            return "";
        }
        return result == VK_ERROR_OUT_OF_DEVICE_MEMORY
                ? ", within budget: refused because no fitting memory type's heap has that much left of its budget"
                : ", within budget";
    }

    @GuardedBy("lock")
    private CustomPools.Pool bufferPool(FacadeSettings facade, VkBufferCreateInfo bufferInfo,
                                        VmaAllocationCreateInfo createInfo, MemoryStack stack) {
        IntBuffer pType = stack.mallocInt(1);
        int result = vmaFindMemoryTypeIndexForBufferInfo(vma, bufferInfo, createInfo, pType);
        if (result != VK_SUCCESS) {
            throw VulkanException.of(result, "vmaFindMemoryTypeIndexForBufferInfo(usage=0x"
                    + Integer.toHexString(bufferInfo.usage()) + ")");
        }
        return customPools.pool(new CustomPools.Key(pType.get(0), facade.customBlockBytes(), facade.bufferAlignment()),
                facade.tag());
    }

    private void nameAllocation(long allocation, @Nullable String name) {
        if (name != null) {
            vmaSetAllocationName(vma, allocation, name);
        }
    }

    private void validateBuffer(long size, int usageFlags, MemoryUsage memoryUsage, boolean persistentlyMapped) {
        validateBufferSize(size, "buffer size");
        validateBufferKind(usageFlags, memoryUsage, persistentlyMapped);
    }

    /**
     * Throws {@link InvalidAllocationRequestException} unless {@code size} is positive and fits the largest heap
     * as limited by {@link AllocatorOptions#heapSizeLimitBytes()} (no request above it can succeed).
     *
     * @param what how the message names the size, e.g. {@code "buffer size"} or {@code "batch size #3"}
     */
    void validateBufferSize(long size, String what) {
        if (size <= 0) {
            throw new InvalidAllocationRequestException(what + " must be > 0, was " + size);
        }
        long largest = largestUsableHeapBytes();
        if (size > largest) {
            throw new InvalidAllocationRequestException(what + " " + size + " (" + Bytes.format(size)
                    + ") exceeds the largest memory heap (" + Bytes.format(largest)
                    + (largest < largestHeapBytes ? ", as limited by heapSizeLimit" : "") + ")");
        }
    }

    /** The checks of a buffer request that do not depend on its size. */
    void validateBufferKind(int usageFlags, MemoryUsage memoryUsage, boolean persistentlyMapped) {
        if (usageFlags == 0) {
            throw new InvalidAllocationRequestException("buffer usage flags must not be 0");
        }
        if (persistentlyMapped && !memoryUsage.isHostAccessible()) {
            throw new InvalidAllocationRequestException("persistent mapping needs host-accessible memory; "
                    + memoryUsage + " is not (use CPU_TO_GPU, GPU_TO_CPU or CPU_ONLY)");
        }
    }

    private void validate(ImageRequest request) {
        if (request.width() < 1 || request.height() < 1 || request.depth() < 1) {
            throw new InvalidAllocationRequestException("image extent must be >= 1 in every dimension, was "
                    + request.width() + "x" + request.height() + "x" + request.depth());
        }
        int maxLevels = ImageRequest.fullMipLevels(request.width(), request.height(), request.depth());
        if (request.mipLevels() < 1 || request.mipLevels() > maxLevels) {
            throw new InvalidAllocationRequestException("mipLevels must be in [1, " + maxLevels + "] for "
                    + request.width() + "x" + request.height() + "x" + request.depth() + ", was " + request.mipLevels());
        }
        if (request.arrayLayers() < 1) {
            throw new InvalidAllocationRequestException("arrayLayers must be >= 1, was " + request.arrayLayers());
        }
        if (request.format() == VK_FORMAT_UNDEFINED) {
            throw new InvalidAllocationRequestException("image format must not be VK_FORMAT_UNDEFINED");
        }
        if (request.usageFlags() == 0) {
            throw new InvalidAllocationRequestException("image usage flags must not be 0");
        }
    }

    private void checkImageSupported(ImageRequest request, MemoryStack stack) {
        VkImageFormatProperties props = VkImageFormatProperties.malloc(stack);
        int result = vkGetPhysicalDeviceImageFormatProperties(context.getPhysicalDevice(), request.format(),
                request.imageType(), request.tiling(), request.usageFlags(), 0, props);
        if (result == VK_ERROR_FORMAT_NOT_SUPPORTED) {
            throw new InvalidAllocationRequestException("the device cannot create images of format " + request.format()
                    + " with tiling " + request.tiling() + " and usage 0x" + Integer.toHexString(request.usageFlags()));
        }
        if (result != VK_SUCCESS) {
            throw VulkanException.of(result, "vkGetPhysicalDeviceImageFormatProperties(format " + request.format() + ")");
        }
        VkExtent3D max = props.maxExtent();
        if (request.width() > max.width() || request.height() > max.height() || request.depth() > max.depth()) {
            throw new InvalidAllocationRequestException("image extent " + request.width() + "x" + request.height() + "x"
                    + request.depth() + " exceeds the device's " + max.width() + "x" + max.height() + "x" + max.depth());
        }
        if (request.mipLevels() > props.maxMipLevels() || request.arrayLayers() > props.maxArrayLayers()) {
            throw new InvalidAllocationRequestException("image with " + request.mipLevels() + " mips and "
                    + request.arrayLayers() + " layers exceeds the device's " + props.maxMipLevels() + " / "
                    + props.maxArrayLayers());
        }
        if ((props.sampleCounts() & request.samples()) == 0) {
            throw new InvalidAllocationRequestException("sample count " + request.samples() + " not supported for this format");
        }
    }

    private static String describeBuffer(FacadeSettings facade, long size, int usageFlags, MemoryUsage memoryUsage,
                                         @Nullable String name) {
        return "buffer of " + Bytes.format(size) + ", usage=0x" + Integer.toHexString(usageFlags) + ", "
                + memoryUsage + ", strategy=" + facade.strategy() + ", tag=" + facade.tag()
                + (name != null ? ", name=" + name : "");
    }

    private static String describe(FacadeSettings facade, ImageRequest r) {
        return "image " + r.width() + "x" + r.height() + "x" + r.depth() + ", format=" + r.format() + ", mips="
                + r.mipLevels() + ", layers=" + r.arrayLayers() + ", " + r.memoryUsage() + ", tag=" + facade.tag()
                + (r.name() != null ? ", name=" + r.name() : "");
    }

    // ------------------------------------------------------------------------------------- free, map, flush

    void free(Allocation allocation) {
        checkOwner(allocation);
        lock.lock();
        try {
            ensureOpen();
            int result = allocation.tryMarkFreed();
            if (result < 0) {
                throw allocation.freedException("free");
            }
            if (result > 0) {
                throw new AllocationMappedException("cannot free " + allocation.describe() + " while " + result
                        + " mapping(s) or transfer(s) are open; close them first");
            }
            destroyNative(allocation);
            ledger.remove(allocation);
            events.freed(allocation);
        } finally {
            lock.unlock();
        }
    }

    private void destroyNative(Allocation allocation) {
        if (allocation instanceof BufferAllocation buffer) {
            vmaDestroyBuffer(vma, buffer.getBuffer(), buffer.vmaAllocation);
        } else if (allocation instanceof ImageAllocation image) {
            vmaDestroyImage(vma, image.getImage(), image.vmaAllocation);
        }
    }

    @Override
    public MappedMemory map(Allocation allocation) {
        checkOwner(allocation);
        lock.lock();
        try {
            ensureOpen();
            allocation.pin("map");
            boolean mapped = false;
            try {
                if (!allocation.isHostVisible()) {
                    MemoryTypeInfo type = layout.type(allocation.memoryTypeIndex);
                    throw new MemoryNotHostVisibleException("cannot map " + allocation.describe() + ": memory type "
                            + type.index() + " is " + type.describeFlags() + ", not HOST_VISIBLE");
                }
                try (MemoryStack stack = stackPush()) {
                    PointerBuffer pData = stack.mallocPointer(1);
                    int result = vmaMapMemory(vma, allocation.vmaAllocation, pData);
                    if (result != VK_SUCCESS) {
                        throw VulkanException.of(result, "vmaMapMemory(" + allocation.describe() + ")");
                    }
                    mapped = true;
                    return new MappedMemory(this, allocation, pData.get(0));
                }
            } finally {
                if (!mapped) {
                    allocation.unpin();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends a mapping made by {@link #map}: the pin it held keeps the allocation alive until here. */
    @Override
    public void unmap(Allocation allocation) {
        lock.lock();
        try {
            if (closed) {
                return; // close() unmapped and freed everything
            }
            vmaUnmapMemory(vma, allocation.vmaAllocation);
            allocation.unpin();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void flush(Allocation allocation, long offset, long size) {
        flushOrInvalidate(allocation, offset, size, true);
    }

    @Override
    public void invalidate(Allocation allocation, long offset, long size) {
        flushOrInvalidate(allocation, offset, size, false);
    }

    private void flushOrInvalidate(Allocation allocation, long offset, long size, boolean flush) {
        checkOwner(allocation);
        if (offset < 0 || offset > allocation.getAllocatedSize()
                || (size != VK_WHOLE_SIZE && (size < 0 || size > allocation.getAllocatedSize() - offset))) {
            throw new IndexOutOfBoundsException("range offset=" + offset + " size=" + size + " outside " + allocation.describe());
        }
        lock.lock();
        try {
            ensureOpen();
            allocation.pin(flush ? "flush" : "invalidate");
            try {
                if (flush) {
                    vmaFlushAllocation(vma, allocation.vmaAllocation, offset, size);
                } else {
                    vmaInvalidateAllocation(vma, allocation.vmaAllocation, offset, size);
                }
            } finally {
                allocation.unpin();
            }
        } finally {
            lock.unlock();
        }
    }

    void checkOwner(Allocation allocation) {
        if (allocation.host() != this) {
            throw new ForeignAllocationException(allocation.describe() + " belongs to another AllocatorCore ("
                    + allocation.host() + "), not to " + this);
        }
    }

    // ---------------------------------------------------------------------------------------------- figures

    /**
     * Device-wide figures from the ledger: totals, per heap, per memory type, per tag, per pool. Briefly excludes
     * allocation on other threads; O(blocks + tags), plus the block stretches changed since the last read.
     */
    @Override
    public MemoryStats stats() {
        lock.lock();
        try {
            ensureOpen();
            return computeStatsExclusive();
        } finally {
            lock.unlock();
        }
    }

    /** Budget and usage per heap from {@code vmaGetHeapBudgets}. O(heaps); cheap enough for every frame. */
    @Override
    public MemoryBudget budget() {
        lock.lock();
        try {
            ensureOpen();
            try (MemoryStack stack = stackPush()) {
                VmaBudget.Buffer budgets = VmaBudget.calloc(VK_MAX_MEMORY_HEAPS, stack);
                vmaGetHeapBudgets(vma, budgets);
                List<HeapBudget> heaps = new ArrayList<>();
                for (MemoryHeapInfo heap : layout.heaps()) {
                    VmaBudget b = budgets.get(heap.index());
                    heaps.add(new HeapBudget(heap.index(), usableHeapBytes[heap.index()], heap.deviceLocal(), b.budget(),
                            b.usage(), b.statistics().blockBytes(), b.statistics().allocationBytes(), heap.sizeBytes()));
                }
                return new MemoryBudget(heaps, budgetSource);
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@code usage / budget} of one heap; used by warning thresholds. */
    double heapUsageFraction(int heapIndex) {
        return budget().heap(heapIndex).usagePercentage();
    }

    /** Tells VMA the current frame (needed each frame for fresh {@code VK_EXT_memory_budget} figures). */
    void setCurrentFrameIndex(int frameIndex) {
        lock.lock();
        try {
            ensureOpen();
            vmaSetCurrentFrameIndex(vma, frameIndex);
        } finally {
            lock.unlock();
        }
    }

    /** Size in bytes of the {@code VkDeviceMemory} block {@code deviceMemory}, or -1 if VMA holds no such block. */
    @SuppressWarnings("GuardedBy") // for tests; the block map is concurrent
    long ledgerBlockSize(long deviceMemory) {
        return ledger.blockSize(deviceMemory);
    }

    /** Number of live allocations; O(1). */
    @SuppressWarnings("GuardedBy") // the ledger publishes its count for lock-free reads
    int liveAllocationCount() {
        return ledger.liveCount();
    }

    /**
     * A snapshot of the live allocations, oldest first (the ledger keeps creation order). Briefly excludes
     * allocation on other threads; O(n) in live allocations.
     */
    @Override
    public List<Allocation> liveAllocations() {
        lock.lock();
        try {
            return liveAllocationsOldestFirst();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The blocks and the allocations inside them, from one hold of the lock. O(n) plus a native call per block
     * that holds exactly one allocation (VMA says whether it is dedicated).
     */
    @Override
    public MemoryMap memoryMap() {
        lock.lock();
        try {
            ensureOpen();
            List<MemoryBlock> blocks = new ArrayList<>();
            List<AllocationInfo> allocations = new ArrayList<>(ledger.liveCount());
            describeBlocks(blocks, allocations);
            return MemoryMap.of(System.currentTimeMillis(), blocks, allocations);
        } finally {
            lock.unlock();
        }
    }

    /** The blocks VMA holds now. O(blocks) plus a native call per block that holds exactly one allocation. */
    @Override
    public List<MemoryBlock> memoryBlocks() {
        lock.lock();
        try {
            ensureOpen();
            List<MemoryBlock> blocks = new ArrayList<>();
            describeBlocks(blocks, null);
            return blocks;
        } finally {
            lock.unlock();
        }
    }

    /** Increases whenever VMA allocates or frees a block. Any thread. */
    @Override
    @SuppressWarnings("GuardedBy") // an opaque counter, readable anywhere
    public long blockGeneration() {
        return ledger.blockGeneration();
    }

    /** Caller holds the lock. Adds every block, and if asked the allocations inside them (offset order). */
    @GuardedBy("lock")
    private void describeBlocks(List<MemoryBlock> blocks, @Nullable List<AllocationInfo> allocations) {
        try (MemoryStack stack = stackPush()) {
            VmaAllocationInfo2 info = VmaAllocationInfo2.malloc(stack);
            for (LedgerBlock block : ledger.blocks()) {
                boolean dedicated = false;
                // the allocations are listed only where needed: the block list alone stays O(blocks)
                List<Allocation> inside = allocations != null || block.allocationCount() == 1
                        ? block.allocations() : List.of();
                if (inside.size() == 1) {
                    vmaGetAllocationInfo2(vma, inside.get(0).vmaAllocation, info);
                    dedicated = info.dedicatedMemory();
                }
                blocks.add(new MemoryBlock(block.deviceMemory, block.memoryTypeIndex,
                        layout.type(block.memoryTypeIndex).heapIndex(), block.sizeBytes,
                        block.pool == null ? null : block.pool.label(), dedicated, true));
                if (allocations != null) {
                    for (Allocation allocation : inside) {
                        allocations.add(allocation.toInfo());
                    }
                }
            }
        }
    }

    /** Statistics and live allocations from one hold of the lock, so they agree. O(n). */
    @Override
    public InProcessMonitor.Host.State captureState() {
        lock.lock();
        try {
            ensureOpen();
            List<Allocation> live = liveAllocationsOldestFirst();
            return new InProcessMonitor.Host.State(computeStatsExclusive(), live);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Holds the lock (events of ledger changes are recorded under it), waits until the hub has numbered everything in
     * its intake, reads its last number and copies the ledger. O(n); allocation waits meanwhile.
     */
    SequencedState captureSequencedState() {
        lock.lock();
        try {
            ensureOpen();
            long sequence = monitor.hub().awaitNumbered(NUMBERING_LIMIT);
            List<Allocation> live = liveAllocationsOldestFirst();
            List<AllocationInfo> infos = new ArrayList<>(live.size());
            for (Allocation allocation : live) {
                infos.add(allocation.toInfo());
            }
            return new SequencedState(sequence, infos);
        } finally {
            lock.unlock();
        }
    }

    /** This core's id within the JVM (1, 2, ...). */
    @Override
    public int coreId() {
        return coreId;
    }

    /** Caller holds the lock. The ledger keeps creation order. */
    @GuardedBy("lock")
    private List<Allocation> liveAllocationsOldestFirst() {
        return ledger.liveAllocations();
    }

    /**
     * VMA's JSON statistics ({@code vmaBuildStatsString}). With {@code detailedMap}, every block's
     * suballocations (used and free) are listed. Slow: for reports and tests, not per frame.
     */
    @Override
    public String vmaStatsJson(boolean detailedMap) {
        lock.lock();
        try {
            ensureOpen();
            try (MemoryStack stack = stackPush()) {
                PointerBuffer pString = stack.mallocPointer(1);
                vmaBuildStatsString(vma, pString, detailedMap);
                long address = pString.get(0);
                try {
                    return MemoryUtil.memUTF8(address);
                } finally {
                    nvmaFreeStatsString(vma, address);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** A readable multi-line report: totals, budget, heaps, memory types, tags. See {@link MemoryAllocator#printDetailedStats()}. */
    @Override
    public String detailedReport() {
        return DetailedReport.render(context.getDeviceName(), stats(), budget(), layout);
    }

    // ------------------------------------------------------------------------------------- defragmentation

    /**
     * Defragments every pool (VMA's default pools and memscope's custom pools) with {@code options}, moving
     * memory for real (see {@link Defragmenter}). Every movable allocation may move; see
     * {@link #defragment(DefragmentationOptions, java.util.Collection)} to restrict it.
     *
     * <p><b>Concurrency.</b> Allocation, free and map on other threads <em>wait</em> while it runs (the core's
     * lock is held), so a one-call defragmentation stalls them for its duration; spread the work
     * with {@link DefragmentationOptions#step} to bound each stall.
     *
     * @return what moved, with figures before and after; publishes defragmentation events
     */
    @Override
    public DefragmentationResult defragment(DefragmentationOptions options) {
        return runDefragmentation(options, null);
    }

    /** As {@link #defragment(DefragmentationOptions)}, moving only {@code candidates} (others are left alone). */
    DefragmentationResult defragment(DefragmentationOptions options, Collection<? extends Allocation> candidates) {
        for (Allocation candidate : candidates) {
            checkOwner(candidate);
        }
        Set<Allocation> marked = Collections.newSetFromMap(new IdentityHashMap<>());
        marked.addAll(candidates);
        return runDefragmentation(options, marked);
    }

    private DefragmentationResult runDefragmentation(DefragmentationOptions options, java.util.@Nullable Set<Allocation> marked) {
        DefragmentationResult result;
        lock.lock();
        try {
            ensureOpen();
            monitor.defragmentationStarted(options.algorithm(), marked == null ? 0 : marked.size(),
                    computeStatsExclusive().fragmentationRatio());
            result = new Defragmenter(defragmentationHost(), options, marked).run();
        } finally {
            lock.unlock();
        }
        monitor.defragmentationFinished(result);
        LOG.info("Defragmentation {}: moved {} allocation(s), {}; freed {} block(s), {}; fragmentation {} -> {}",
                result.algorithm(), result.allocationsMoved(), Bytes.format(result.bytesMoved()), result.blocksFreed(),
                Bytes.format(result.bytesFreed()), result.fragmentationBefore(), result.fragmentationAfter());
        return result;
    }

    /** Caller holds the lock. O(blocks + tags) plus the blocks changed since the last call. */
    @GuardedBy("lock")
    private MemoryStats computeStatsExclusive() {
        return new StatsCalculator(layout, usableHeapBytes).compute(ledger);
    }

    @SuppressWarnings("GuardedBy") // the defragmenter runs inside runDefragmentation, under the lock
    private Defragmenter.Host defragmentationHost() {
        return new Defragmenter.Host() {
            @Override
            public long vma() {
                return vma;
            }

            @Override
            public VulkanContext context() {
                return context;
            }

            @Override
            public List<Allocation> liveAllocations() {
                return ledger.liveAllocations();
            }

            @Override
            public List<Long> customPools() {
                return customPools.handles();
            }

            @Override
            public MemoryStats computeStats() {
                return computeStatsExclusive();
            }

            @Override
            public Ledger.FreedBlocks freedBlocks() {
                return ledger.freedBlocks();
            }

            @Override
            public void relocate(Allocation allocation, long deviceMemory, long offset) {
                CustomPools.Pool pool = ledger.moving(allocation);
                allocation.placedAt(deviceMemory, offset);
                ledger.placed(allocation, pool);
            }

            @Override
            public void moved(Allocation allocation, AllocationInfo before) {
                events.moved(allocation, before);
                allocation.notifyMoved(before, allocation.toInfo());
            }

            @Override
            public void progress(int pass, long bytesMoved, int allocationsMoved) {
                monitor.defragmentationProgress(pass, bytesMoved, allocationsMoved);
            }
        };
    }

    // ------------------------------------------------------------------------------------------------ close

    /** Whether {@link #close()} has run. */
    @Override
    public boolean isClosed() {
        return closed;
    }

    void ensureOpen() {
        if (closed) {
            throw new AllocatorClosedException("AllocatorCore on " + context.getDeviceName() + " is closed");
        }
    }

    /**
     * Frees every allocation still live (logging each as a leak with tag, kind, size and name), destroys
     * the custom pools and the VMA allocator. Idempotent: a second call returns an empty list.
     * {@link #close()} does the same for try-with-resources.
     *
     * @return the leaks, oldest first
     */
    List<LeakReport> closeAndReportLeaks() {
        List<LeakReport> leaks = new ArrayList<>();
        if (!lock.tryLock(CLOSE_LOCK_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException(this + " cannot close: another thread has held its lock for "
                    + CLOSE_LOCK_WAIT.toSeconds() + " s (an allocation waiting for a stalled LOSSLESS subscriber, or a "
                    + "thread that failed holding it, e.g. out of Java heap); it stays open");
        }
        try {
            if (closed) {
                return List.of();
            }
            closed = true;
            monitor.stopSampling();
            long now = System.nanoTime();
            for (Allocation allocation : liveAllocationsOldestFirst()) {
                for (int openMappings = allocation.forceMarkFreed(); openMappings > 0; openMappings--) {
                    vmaUnmapMemory(vma, allocation.vmaAllocation);
                }
                destroyNative(allocation);
                ledger.remove(allocation);
                LeakReport leak = new LeakReport(allocation.getId(), allocation.getTag(), allocation.getKind(),
                        allocation.getSize(), allocation.getName(),
                        TimeUnit.NANOSECONDS.toMillis(now - allocation.getCreatedNanos()));
                LOG.warn("Leak: {} tag={} size={} name={} age={} ms (freed at close)", leak.kind(), leak.tag(),
                        Bytes.format(leak.sizeBytes()), leak.name(), leak.ageMillis());
                leaks.add(leak);
                monitor.leakReported(leak);
            }
            ledger.clear();
            customPools.destroyAll();
            vmaDestroyAllocator(vma);
            context.unregister(this);
            onBlockAllocated.free();
            onBlockFreed.free();
            if (!leaks.isEmpty()) {
                LOG.warn("AllocatorCore closed with {} leaked allocation(s)", leaks.size());
            }
        } finally {
            lock.unlock();
        }
        ChunkStates.unregister(chunkStateSource);
        monitor.close(); // outside the lock: delivers what is left, completes the streams
        if (mxBean != null) {
            mxBean.unregister();
        }
        return List.copyOf(leaks);
    }

    /** Same as {@link #closeAndReportLeaks()}, for try-with-resources; leaks are logged. */
    @Override
    public void close() {
        closeAndReportLeaks();
    }

    /**
     * Closes at JVM exit, if that is safe: not when another thread holds the core lock past {@code deadlineNanos}
     * (e.g. an allocation waiting for a stalled LOSSLESS subscriber: waiting for it would hang the exit), and not
     * when an allocation is mapped while {@code runningThread} (an application thread) still runs and may
     * write through the mapping; unmapping it under that thread would crash the JVM). What it leaves open, it logs.
     *
     * @return whether the core is closed
     */
    @Override
    public boolean closeAtExit(long deadlineNanos, @Nullable String runningThread) {
        if (!lock.tryLock(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            LOG.warn("{} left open at exit: another thread holds its lock (an allocation waiting for a stalled "
                    + "LOSSLESS subscriber, or a thread that failed holding it, e.g. out of Java heap)", this);
            return false;
        }
        try {
            if (closed) {
                return true;
            }
            long mapped = ledger.liveAllocations().stream().filter(Allocation::isMappedNow).count();
            if (mapped > 0 && runningThread != null) {
                LOG.warn("{} left open at exit: {} allocation(s) are mapped and running threads may still write "
                        + "through them (thread '{}'); unmap or close before exit", this, mapped, runningThread);
                return false;
            }
            closeAndReportLeaks(); // the lock is reentrant
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "AllocatorCore[" + context.getDeviceName() + "@" + Integer.toHexString(System.identityHashCode(this)) + "]";
    }

    /** The live allocations (oldest first) and the hub's number {@code S}: they reflect exactly the events {@code <= S}. */
    record SequencedState(long sequence, List<AllocationInfo> allocations) {
    }
}
