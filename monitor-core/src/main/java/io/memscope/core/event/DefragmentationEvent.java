package io.memscope.core.event;

/** A defragmentation started, made progress or finished. */
public sealed interface DefragmentationEvent extends MemoryEvent
        permits DefragmentationStarted, DefragmentationProgress, DefragmentationFinished {
}
