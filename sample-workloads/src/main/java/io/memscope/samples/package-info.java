/** Sample workloads: the seed's examples on real Vulkan through memscope. */
@NullMarked
package io.memscope.samples;

import org.jspecify.annotations.NullMarked;
