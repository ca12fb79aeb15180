/**
 * memscope's public allocator API: a safe, observable facade over the Vulkan Memory Allocator (VMA)
 * as bound by LWJGL.
 *
 * <p>Start with {@link io.memscope.core.VulkanContext#create()} (a headless device), open one
 * {@link io.memscope.core.AllocatorCore} per device and take one tagged
 * {@link io.memscope.core.MemoryAllocator} per engine subsystem from it. Every type in this package is
 * safe to use from several threads unless its Javadoc says otherwise. Misuse throws unchecked exceptions
 * before any native call; nothing here crashes the JVM.
 *
 * <p>Sizes are in bytes throughout. Fractions (usage, fragmentation) are in {@code [0, 1]}.
 */
@NullMarked
package io.memscope.core;

import org.jspecify.annotations.NullMarked;
