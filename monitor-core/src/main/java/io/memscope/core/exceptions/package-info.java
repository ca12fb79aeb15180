/**
 * The unchecked exceptions memscope throws. Misuse (a double free, a use after free, a foreign handle, an
 * impossible request, a call after close) is detected before any native call and throws one of these with a
 * message naming the allocation or request; Vulkan and VMA errors become {@link
 * io.memscope.core.exceptions.VulkanException} naming the result code and what was asked.
 */
@NullMarked
package io.memscope.core.exceptions;

import org.jspecify.annotations.NullMarked;
