package io.memscope.core;

import io.memscope.core.exceptions.AllocationFreedException;
import io.memscope.core.exceptions.AllocationMappedException;
import io.memscope.core.exceptions.AllocatorClosedException;
import io.memscope.core.exceptions.ForeignAllocationException;
import io.memscope.core.exceptions.InvalidAllocationRequestException;
import io.memscope.core.exceptions.OutOfDeviceMemoryException;
import io.memscope.core.exceptions.VulkanException;
import io.memscope.core.stats.DefragmentationResult;
import io.memscope.core.stats.MemoryBudget;
import io.memscope.core.stats.MemoryStats;
import io.memscope.core.stats.TagStats;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.lwjgl.vulkan.VkBufferCreateInfo;
import org.lwjgl.vulkan.VkImageCreateInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tagged facade over one {@link AllocatorCore}: what an engine subsystem ({@code "MeshLoader"},
 * {@code "TerrainRenderer"}) allocates through. Every allocation carries the tag, so statistics, reports
 * and leak lists say which subsystem holds what. Get one from {@link AllocatorCore#allocator(String)}.
 *
 * <p>Settings ({@link #setAllocationStrategy}, {@link #setBufferAlignment}, {@link #setCustomBufferSize},
 * {@link #setMemoryUsageWarningThreshold}) belong to this facade and apply to its later allocations.
 *
 * <p><b>Threading.</b> Thread-safe; settings are volatile and take effect for allocations that start
 * after the call. <b>Cost.</b> Allocation and free cost VMA's work plus O(1) bookkeeping; with a warning
 * listener registered, one {@code vmaGetHeapBudgets} more.
 */
public final class MemoryAllocator {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryAllocator.class);

    private final AllocatorCore face;
    private final CoreEngine core;
    private final String tag;
    private final WarningThreshold warnings;
    /** Strategy, block size and alignment as one value the engine reads; replaced by the setters. */
    private volatile FacadeSettings settings;
    /** C++ VMA wrappers' begin/mark/end session: algorithm and marks, or null outside a session. Guarded by this. */
    private @Nullable DefragmentationAlgorithm sessionAlgorithm;
    private final List<Allocation> sessionMarks = new ArrayList<>();

    MemoryAllocator(AllocatorCore face, CoreEngine core, String tag) {
        this.face = face;
        this.core = core;
        this.tag = tag;
        this.settings = FacadeSettings.defaults(tag);
        this.warnings = new WarningThreshold(tag, core.monitor(), core.layout().heaps().size());
    }

    /** The tag every allocation of this facade carries. */
    public String getTag() {
        return tag;
    }

    /** The core this facade allocates from. */
    public AllocatorCore getCore() {
        return face;
    }

    // ------------------------------------------------------------------------------------------------ buffers

    /**
     * Creates a buffer and binds memory to it.
     *
     * @throws InvalidAllocationRequestException for a request that can never succeed (checked before VMA is called)
     * @throws OutOfDeviceMemoryException when the heap is full, or, {@linkplain BufferRequest#withinBudget() within
     *         budget}, when every fitting memory type's heap would go over its budget; the allocator stays usable
     * @throws VulkanException for other Vulkan errors
     * @throws AllocatorClosedException after the core is closed
     */
    public BufferAllocation allocateBuffer(BufferRequest request) {
        BufferAllocation allocation = core.createBuffer(this, settings, request);
        afterChange(allocation);
        return allocation;
    }

    /** {@code allocateBuffer(BufferRequest.of(size, usageFlags, memoryUsage))}. */
    public BufferAllocation allocateBuffer(long size, int usageFlags, MemoryUsage memoryUsage) {
        BufferAllocation allocation = core.createBuffer(this, settings, size, usageFlags, memoryUsage, null, false, false, null,
                false);
        afterChange(allocation);
        return allocation;
    }

    /**
     * The Vulkan-struct form: takes {@code size} and {@code usage} from a {@code VkBufferCreateInfo}. Other fields
     * must keep their defaults (no flags, exclusive sharing); memscope fills the rest.
     */
    public BufferAllocation allocateBuffer(VkBufferCreateInfo info, MemoryUsage memoryUsage) {
        if (info.flags() != 0 || info.sharingMode() != org.lwjgl.vulkan.VK10.VK_SHARING_MODE_EXCLUSIVE) {
            throw new InvalidAllocationRequestException("only flags=0 and VK_SHARING_MODE_EXCLUSIVE are supported, got flags=0x"
                    + Integer.toHexString(info.flags()) + " sharingMode=" + info.sharingMode());
        }
        return allocateBuffer(info.size(), info.usage(), memoryUsage);
    }

    /**
     * Creates one buffer per size, all with {@code usageFlags} and {@code memoryUsage}: all or nothing. If any
     * creation fails, the buffers already made are freed and the exception is rethrown. The usage and every
     * size (positive, and no larger than the largest heap as limited by
     * {@link AllocatorOptions#heapSizeLimitBytes()}) are validated before the first buffer is created, so an
     * invalid batch creates nothing and publishes no event.
     *
     * @return the buffers, in the order of {@code sizes}
     * @throws InvalidAllocationRequestException naming the index of the first invalid size ({@code batch size #i})
     */
    public List<BufferAllocation> allocateBufferBatch(long[] sizes, int usageFlags, MemoryUsage memoryUsage) {
        core.validateBufferKind(usageFlags, memoryUsage, false);
        for (int i = 0; i < sizes.length; i++) {
            core.validateBufferSize(sizes[i], "batch size #" + i);
        }
        List<BufferAllocation> made = new ArrayList<>(sizes.length);
        try {
            for (long size : sizes) {
                made.add(allocateBuffer(size, usageFlags, memoryUsage));
            }
            return made;
        } catch (RuntimeException e) {
            for (int i = made.size() - 1; i >= 0; i--) {
                try {
                    free(made.get(i));
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            LOG.debug("[{}] batch of {} buffers rolled back after {} were made", tag, sizes.length, made.size());
            throw e;
        }
    }

    /** {@link #allocateBufferBatch(long[], int, MemoryUsage)} for a list of sizes. */
    public List<BufferAllocation> allocateBufferBatch(List<Long> sizes, int usageFlags, MemoryUsage memoryUsage) {
        long[] array = new long[sizes.size()];
        for (int i = 0; i < array.length; i++) {
            Long size = sizes.get(i);
            if (size == null) {
                throw new InvalidAllocationRequestException("batch size #" + i + " is null");
            }
            array[i] = size;
        }
        return allocateBufferBatch(array, usageFlags, memoryUsage);
    }

    // ------------------------------------------------------------------------------------------------- images

    /** Creates an image and binds memory to it. Same exceptions as {@link #allocateBuffer(BufferRequest)}. */
    public ImageAllocation allocateImage(ImageRequest request) {
        ImageAllocation allocation = core.createImage(this, settings, request);
        afterChange(allocation);
        return allocation;
    }

    /** The Vulkan-struct form: the shape comes from {@code info}; {@code flags} must be 0. */
    public ImageAllocation allocateImage(VkImageCreateInfo info, MemoryUsage memoryUsage) {
        if (info.flags() != 0 || info.sharingMode() != org.lwjgl.vulkan.VK10.VK_SHARING_MODE_EXCLUSIVE) {
            throw new InvalidAllocationRequestException("only flags=0 and VK_SHARING_MODE_EXCLUSIVE are supported");
        }
        return allocateImage(new ImageRequest(info.imageType(), info.format(), info.extent().width(),
                info.extent().height(), info.extent().depth(), info.mipLevels(), info.arrayLayers(), info.tiling(),
                info.samples(), info.usage(), memoryUsage, null));
    }

    // --------------------------------------------------------------------------------------------- free, map

    /**
     * Frees a buffer or image ({@link Allocation#close()} does the same). Allocations of other facades of
     * the same core may be freed here; those of another core may not.
     *
     * @throws AllocationFreedException on a double free
     * @throws AllocationMappedException if a mapping is still open
     * @throws ForeignAllocationException if it belongs to another core
     */
    public void free(Allocation allocation) {
        core.free(allocation);
        allocation.getAllocator().afterChange(allocation);
    }

    /** C++ VMA wrappers' {@code DestroyBuffer}. */
    public void destroyBuffer(BufferAllocation buffer) {
        free(buffer);
    }

    /** C++ VMA wrappers' {@code DestroyImage}. */
    public void destroyImage(ImageAllocation image) {
        free(image);
    }

    /** C++ VMA wrappers' {@code MapMemory}: same as {@link Allocation#map()}. */
    public MappedMemory map(Allocation allocation) {
        return core.map(allocation); // checks the owner first
    }

    // ----------------------------------------------------------------------------------------------- settings

    public AllocationStrategy getAllocationStrategy() {
        return settings.strategy();
    }

    /** Strategy for this facade's later allocations. */
    public synchronized void setAllocationStrategy(AllocationStrategy strategy) {
        this.settings = settings.withStrategy(strategy);
    }

    /** Minimum alignment in bytes of this facade's buffers (0 = what Vulkan requires). */
    public long getBufferAlignment() {
        return settings.bufferAlignment();
    }

    /**
     * Every later buffer of this facade starts at an offset that is a multiple of {@code alignment} (a power
     * of two; 0 turns it off). Served by a VMA custom pool with {@code minAllocationAlignment}.
     */
    public synchronized void setBufferAlignment(long alignment) {
        if (alignment < 0 || (alignment != 0 && Long.bitCount(alignment) != 1)) {
            throw new IllegalArgumentException("alignment must be 0 or a power of two, was " + alignment);
        }
        this.settings = settings.withBufferAlignment(alignment);
    }

    /** Block size in bytes of this facade's custom pool (0 = VMA's default blocks). */
    public long getCustomBufferSize() {
        return settings.customBlockBytes();
    }

    /**
     * Large-block support (C++ VMA wrappers' {@code SetCustomBufferSize}): this facade's later buffers come from VMA
     * custom pools whose {@code VkDeviceMemory} blocks are {@code blockSize} bytes, e.g. 128 MiB for terrain.
     *
     * @param blockSize bytes; 0 turns it off
     * @return {@code true} if enabled, {@code false} if no heap can hold a block that large
     */
    public synchronized boolean setCustomBufferSize(long blockSize) {
        if (blockSize < 0) {
            throw new IllegalArgumentException("block size must be >= 0, was " + blockSize);
        }
        long limit = core.largestUsableHeapBytes();
        if (blockSize > limit) {
            LOG.warn("[{}] custom block size {} exceeds the largest heap ({}); not enabled", tag, blockSize, limit);
            return false;
        }
        this.settings = settings.withCustomBlockBytes(blockSize);
        return true;
    }

    /** The priority of this facade's requests that name none ({@link #setAllocationPriority}); 0.5 by default. */
    public float getAllocationPriority() {
        return settings.priority();
    }

    /**
     * The {@code VmaAllocationCreateInfo.priority} of this facade's later requests that name none
     * ({@link BufferRequest#priority()}, {@link ImageRequest#priority()}): in {@code [0, 1]}, higher stays resident
     * longer when the driver must page device memory out. The driver sees it only with
     * {@code VK_EXT_memory_priority} on ({@link VulkanContext#isMemoryPriorityEnabled()}), and only for dedicated
     * allocations; an allocation placed in a shared block has the block's priority (VMA's 0.5). Without the
     * extension it is recorded and ignored. O(1).
     *
     * @throws InvalidAllocationRequestException for NaN or a value outside {@code [0, 1]}
     */
    public synchronized void setAllocationPriority(float priority) {
        CoreEngine.checkPriority(priority);
        this.settings = settings.withPriority(priority);
    }

    /** Whether this facade's allocations are made {@link #setWithinBudget within budget}. */
    public boolean isWithinBudget() {
        return settings.withinBudget();
    }

    /**
     * Whether every later allocation of this facade gets {@code VMA_ALLOCATION_CREATE_WITHIN_BUDGET_BIT}: VMA then
     * places it only where the heap stays within its budget ({@link #getMemoryBudget()}), trying the other fitting
     * memory types (a device-local request may land in host memory), and refuses with
     * {@link OutOfDeviceMemoryException} when none fits. A request can also ask for it alone
     * ({@link BufferRequest#withWithinBudget()}). O(1).
     */
    public synchronized void setWithinBudget(boolean withinBudget) {
        this.settings = settings.withWithinBudget(withinBudget);
    }

    // ---------------------------------------------------------------------------------------- figures, warnings

    /** Device-wide statistics (all tags); see {@link AllocatorCore#getStats()}. This facade's share: {@link #getTagStats()}. */
    public MemoryStats getStats() {
        return core.stats();
    }

    /** What this facade's tag holds now. O(live allocations). */
    public TagStats getTagStats() {
        return core.stats().tag(tag);
    }

    /** Device budget; see {@link AllocatorCore#getMemoryBudget()}. A getter: it fires no warning listener. */
    public MemoryBudget getMemoryBudget() {
        return core.budget();
    }

    public double getMemoryUsageWarningThreshold() {
        return warnings.threshold();
    }

    /**
     * Usage fraction (usage / budget of a heap, in {@code (0, 1]}) above which listeners hear a
     * {@link MemoryWarning}; they hear again when usage falls back below it by more than the monitor's
     * hysteresis ({@link MonitorThresholds#hysteresis()}). Each crossing is also published on
     * {@link AllocatorCore#monitor()} as a {@code ThresholdCrossed} of kind {@code TAG_USAGE} carrying this
     * facade's tag. Checked after each allocation and free of this facade and on every monitor sample, while a
     * threshold below 1 is set or a listener is registered.
     */
    public void setMemoryUsageWarningThreshold(double fraction) {
        warnings.setThreshold(fraction);
    }

    /** Registers a listener; close the returned handle to remove it. */
    public AutoCloseable addMemoryWarningListener(MemoryWarningListener listener) {
        return warnings.addListener(listener);
    }

    void afterChange(Allocation allocation) {
        if (warnings.isWatched()) {
            int heap = allocation.getHeapIndex();
            warnings.evaluate(heap, core.heapUsageFraction(heap));
        }
    }

    // ------------------------------------------------------------------------------------------------ reports

    /** Logs the detailed report (SLF4J, INFO) and returns it. O(live allocations). */
    public String printDetailedStats() {
        String report = core.detailedReport();
        LOG.info("[{}] detailed memory statistics\n{}", tag, report);
        return report;
    }

    /** VMA's JSON dump with the detailed map ({@code vmaBuildStatsString(..., true)}). Slow. */
    public String getVmaStatsJson() {
        return core.vmaStatsJson(true);
    }

    // -------------------------------------------------------------------------------------- defragmentation

    /**
     * Starts collecting a defragmentation (C++ VMA wrappers' {@code BeginDefragmentation}). Nothing moves until
     * {@link #endDefragmentation()}; allocation goes on normally meanwhile.
     *
     * @throws IllegalStateException if a session of this facade is already open
     */
    public synchronized void beginDefragmentation(DefragmentationAlgorithm algorithm) {
        core.ensureOpen();
        if (sessionAlgorithm != null) {
            throw new IllegalStateException("[" + tag + "] a defragmentation is already begun; end it first");
        }
        sessionAlgorithm = algorithm;
        sessionMarks.clear();
    }

    /**
     * Lets {@code allocation} move in the current session (C++ VMA wrappers' {@code MarkForDefragmentation}). With at
     * least one mark, only marked allocations move; with none, every movable one may.
     *
     * @throws IllegalStateException outside a session
     */
    public synchronized void markForDefragmentation(Allocation allocation) {
        if (sessionAlgorithm == null) {
            throw new IllegalStateException("[" + tag + "] markForDefragmentation outside beginDefragmentation/endDefragmentation");
        }
        core.checkOwner(allocation);
        allocation.checkLive("markForDefragmentation");
        sessionMarks.add(allocation);
    }

    /**
     * Runs the session (C++ VMA wrappers' {@code EndDefragmentation}): moves, copies, updates handles, frees emptied
     * blocks. Other threads' allocations wait while it runs.
     *
     * @throws IllegalStateException outside a session
     */
    public synchronized DefragmentationResult endDefragmentation() {
        DefragmentationAlgorithm algorithm = sessionAlgorithm;
        if (algorithm == null) {
            throw new IllegalStateException("[" + tag + "] endDefragmentation without beginDefragmentation");
        }
        List<Allocation> marks = List.copyOf(sessionMarks);
        sessionAlgorithm = null;
        sessionMarks.clear();
        DefragmentationOptions options = DefragmentationOptions.of(algorithm);
        List<Allocation> live = marks.stream().filter(Allocation::isLive).toList();
        return marks.isEmpty() ? core.defragment(options) : core.defragment(options, live);
    }

    /** One-call defragmentation of the whole device ({@link AllocatorCore#defragment(DefragmentationOptions)}). */
    public DefragmentationResult defragment(DefragmentationOptions options) {
        return core.defragment(options);
    }

    /** Creates a size-class buffer pool of this facade; see {@link BufferPool}. */
    public BufferPool createBufferPool(String typeName, int usageFlags, MemoryUsage memoryUsage) {
        return new BufferPool(this, typeName, usageFlags, memoryUsage);
    }

    @Override
    public String toString() {
        return "MemoryAllocator[" + tag + "]";
    }
}
