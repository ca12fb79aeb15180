package io.memscope.core;

import io.memscope.core.event.AllocationInfo;

/**
 * Hears that defragmentation moved an allocation: same Java object, new {@code VkBuffer}/{@code VkImage},
 * block and offset. Called on the thread running the defragmentation, after the copy finished and the old
 * resource was destroyed; rewrite descriptors that named {@code before.resource()}.
 */
@FunctionalInterface
public interface AllocationMoveListener {
    void onMoved(Allocation allocation, AllocationInfo before, AllocationInfo after);
}
