package io.memscope.core.internal.jfr;

import java.util.LinkedHashMap;
import java.util.Map;
import jdk.jfr.FlightRecorder;

/**
 * One core's recorder of allocation call stacks: {@link #record} commits a {@code memscope.AllocationSite} event on the
 * allocating thread when a recording enables it and its {@code select} setting accepts the allocation.
 *
 * <p>Cost while the event is disabled (no recording asks for stacks): one check of the event's enabled flag (JFR's own,
 * what {@code Event.isEnabled()} reads); the event object does not escape the method (measured: no difference in
 * {@code InterleavedAllocateFreeBenchmark} off/idle against the code without it).
 * While enabled: a counter increment and the selection check per allocation, and for a selected one JFR's native stack
 * walk (up to the recording's stack depth, 64 frames by default) and a small event.
 *
 * <p>Thread-safe as the engine calls it: under the core's lock (the ordinal counter is a plain field guarded by it).
 */
public final class AllocationSites {
    static {
        FlightRecorder.register(AllocationSiteJfrEvent.class);
    }

    private final int coreId;
    private long ordinal;

    public AllocationSites(int coreId) {
        this.coreId = coreId;
    }

    /**
     * The recording settings that record the stacks {@code selection} selects ({@link SiteSelection} form): the
     * event enabled with its stack trace and {@code select} setting; empty for {@code none}.
     *
     * @throws IllegalArgumentException if {@code selection} does not parse
     */
    public static Map<String, String> settings(String selection) {
        SiteSelection parsed = SiteSelection.parse(selection);
        Map<String, String> settings = new LinkedHashMap<>();
        if (!parsed.equals(SiteSelection.NONE)) {
            settings.put(AllocationSiteJfrEvent.NAME + "#enabled", "true");
            settings.put(AllocationSiteJfrEvent.NAME + "#stackTrace", "true");
            settings.put(AllocationSiteJfrEvent.NAME + "#" + AllocationSiteJfrEvent.SELECT, parsed.toString());
        }
        return settings;
    }

    /** Records the stack of allocation {@code id} of tag {@code tag}, if a recording asks for it. */
    public void record(long id, String tag) {
        AllocationSiteJfrEvent event = new AllocationSiteJfrEvent();
        if (event.isEnabled()) {
            event.core = coreId;
            event.id = id;
            event.ordinal = ++ordinal;
            event.tag = tag;
            event.commit();
        }
    }
}
