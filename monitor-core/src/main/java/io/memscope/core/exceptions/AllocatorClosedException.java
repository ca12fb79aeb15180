package io.memscope.core.exceptions;

import io.memscope.core.AllocatorCore;

/** A call reached an {@link AllocatorCore} (or one of its facades, pools, handles) after it was closed. */
public final class AllocatorClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public AllocatorClosedException(String message) {
        super(message);
    }
}
