package io.memscope.core;

import io.memscope.core.internal.jfr.AllocationSiteJfrEvent;
import io.memscope.core.internal.jfr.AllocationSites;
import io.memscope.core.internal.jfr.SiteSelection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which allocations get their call stack recorded ("who allocated it"): an option of captures
 * ({@link CaptureOptions#withCallStacks}) and of monitors attached from another JVM. The stack is taken by Flight
 * Recorder on the allocating thread, as a {@code memscope.AllocationSite} event (core and allocation id, with JFR's
 * stack trace, 64 frames by default); readers join it to the allocation by id.
 *
 * <p>Forms of {@link #value()} (the event's {@code select} setting, also usable in a {@code .jfc} file as
 * {@code memscope.AllocationSite#select}): {@code none} (the default: off), {@code all}, {@code 1/N} (one allocation
 * in N of each core, chosen as if at random, never in step with a repeating pattern), {@code tag:A,B} (every allocation of those facade tags), or a tag list and a rate joined by
 * {@code +} ({@code tag:texture+1/16}). Costs: docs/captures.md, "Who allocated it".
 *
 * @param value the selection, normalised ({@code 1/1} becomes {@code all}, tags sorted)
 */
public record CallStacks(String value) {
    /** The name of the Flight Recorder event that carries the stacks. */
    public static final String EVENT_NAME = AllocationSiteJfrEvent.NAME;
    /** The system property a capture started by {@code -Dmemscope.capture} reads its call-stack selection from. */
    public static final String PROPERTY = "memscope.capture.callStacks";

    /**
     * @throws IllegalArgumentException if {@code value} is not one of the forms above (the message names them)
     */
    public CallStacks {
        Objects.requireNonNull(value, "value");
        value = SiteSelection.parse(value).toString();
    }

    /** No stacks (the default). */
    public static CallStacks off() {
        return new CallStacks("none");
    }

    /** The stack of every allocation. */
    public static CallStacks all() {
        return new CallStacks("all");
    }

    /** The stack of one allocation in {@code n} of each core, chosen as if at random ({@code n >= 1}; 1 = all). */
    public static CallStacks sampled(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a sampling rate is 1/N with N >= 1, was 1/" + n);
        }
        return new CallStacks("1/" + n);
    }

    /** The stack of every allocation of these facade tags (at least one). */
    public static CallStacks tags(String... tags) {
        if (tags.length == 0) {
            throw new IllegalArgumentException("name at least one tag");
        }
        return new CallStacks("tag:" + String.join(",", List.of(tags)));
    }

    /**
     * Parses a selection as the command line and {@code -Dmemscope.capture.callStacks} take it.
     *
     * @throws IllegalArgumentException naming the value and the forms accepted
     */
    public static CallStacks parse(String value) {
        return new CallStacks(value);
    }

    /** Whether no allocation gets a stack. */
    public boolean isOff() {
        return value.equals("none");
    }

    /**
     * The Flight Recorder settings that record these stacks ({@code memscope.AllocationSite#enabled},
     * {@code #stackTrace}, {@code #select}), to add to a recording's settings; empty when {@link #isOff()}.
     */
    public Map<String, String> jfrSettings() {
        return AllocationSites.settings(value);
    }

    /** The name of the event's selection setting ({@code select}). */
    public static String settingName() {
        return AllocationSiteJfrEvent.SELECT;
    }

    @Override
    public String toString() {
        return value;
    }
}
