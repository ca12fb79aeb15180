package io.memscope.core;

import static org.lwjgl.util.vma.Vma.VMA_DEFRAGMENTATION_FLAG_ALGORITHM_BALANCED_BIT;
import static org.lwjgl.util.vma.Vma.VMA_DEFRAGMENTATION_FLAG_ALGORITHM_EXTENSIVE_BIT;
import static org.lwjgl.util.vma.Vma.VMA_DEFRAGMENTATION_FLAG_ALGORITHM_FAST_BIT;
import static org.lwjgl.util.vma.Vma.VMA_DEFRAGMENTATION_FLAG_ALGORITHM_FULL_BIT;

/** VMA's defragmentation algorithms, from cheapest to most thorough. */
public enum DefragmentationAlgorithm {
    /** Empties sparse blocks into fuller ones; no moves inside a block. */
    FAST(VMA_DEFRAGMENTATION_FLAG_ALGORITHM_FAST_BIT),
    /** Also compacts inside blocks when it pays off. VMA's default. */
    BALANCED(VMA_DEFRAGMENTATION_FLAG_ALGORITHM_BALANCED_BIT),
    /** Moves every allocation that can go lower: the tightest packing, the most copying. */
    FULL(VMA_DEFRAGMENTATION_FLAG_ALGORITHM_FULL_BIT),
    /** Like FULL, and also regroups buffers and images (granularity aware). */
    EXTENSIVE(VMA_DEFRAGMENTATION_FLAG_ALGORITHM_EXTENSIVE_BIT);

    private final int vmaFlag;

    DefragmentationAlgorithm(int vmaFlag) {
        this.vmaFlag = vmaFlag;
    }

    int vmaFlag() {
        return vmaFlag;
    }
}
