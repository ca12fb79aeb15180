package io.memscope.core.event;

/**
 * Events were lost to the overflow policy ({@link io.memscope.core.OverflowPolicy}); never sent in
 * {@code LOSSLESS} mode.
 *
 * <p>Two places can drop. A subscriber's own buffer: then this event is sent to that subscriber only, in
 * place of what it lost, and its {@link #sequence()} is the highest number it lost, so the subscriber's
 * sequence numbers stay increasing and {@code count} accounts for every gap. Or the hub's intake, when
 * producers outrun the hub's drain thread: those events were lost before they were numbered, so they leave no
 * gap; every subscriber gets the report, stamped with the last number that subscriber saw (it takes no
 * number of its own).
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param count events lost since the previous {@code EventsDropped} of the same place
 * @param totalDropped events lost at that place since the stream began
 * @param atIntake whether they were lost at the hub's intake (true) or in this subscriber's buffer (false)
 */
public record EventsDropped(EventHeader header, long count, long totalDropped, boolean atIntake)
        implements MemoryEvent {
}
