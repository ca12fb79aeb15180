package io.memscope.core;

/** What an allocation backs. */
public enum AllocationKind {
    BUFFER,
    IMAGE
}
