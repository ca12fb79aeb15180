package io.memscope.export.capture;

import java.util.List;

/**
 * What a capture lost; a reader never skips a loss silently.
 *
 * @param gaps runs of memory event numbers missing from the capture and not covered by a later full state (the
 *     events themselves are gone; the ledger after the next state is exact again)
 * @param droppedEvents events the recorded JVM lost to its overflow policy, summed over its
 *     {@code memscope.EventsDropped} events
 * @param dropReports number of {@code memscope.EventsDropped} events
 * @param dataLossBytes bytes of event data Flight Recorder itself lost ({@code jdk.DataLoss} events)
 * @param unreadable files or chunks that could not be read to their end, each with the reason
 */
public record LossReport(List<Gap> gaps, long droppedEvents, int dropReports, long dataLossBytes,
                         List<String> unreadable) {
    /** Missing memory events {@code first..last} (inclusive) of core {@code coreId}. */
    public record Gap(int coreId, long first, long last) {
        /** Events missing. */
        public long count() {
            return last - first + 1;
        }
    }

    public LossReport {
        gaps = List.copyOf(gaps);
        unreadable = List.copyOf(unreadable);
    }

    /** Whether nothing was lost. */
    public boolean isEmpty() {
        return gaps.isEmpty() && droppedEvents == 0 && dropReports == 0 && dataLossBytes == 0 && unreadable.isEmpty();
    }

    /** Memory events known to be missing: gaps plus reported drops. */
    public long missingEvents() {
        return gaps.stream().mapToLong(Gap::count).sum() + droppedEvents;
    }
}
