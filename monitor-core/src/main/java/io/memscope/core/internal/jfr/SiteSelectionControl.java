package io.memscope.core.internal.jfr;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jdk.jfr.SettingControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code select} setting of {@code memscope.AllocationSite} ({@link SiteSelection}): set in a recording's settings
 * ({@code memscope.AllocationSite#select=1/16}), a {@code .jfc} file or a remote stream's
 * {@code enable("memscope.AllocationSite").with("select", "tag:texture")}. Several recordings combine to the union of
 * their selections; without any value: {@code all}. A value that does not parse counts as {@code all} (and is logged):
 * a recording asked for stacks explicitly.
 *
 * <p>Instantiated by Flight Recorder (public, no-argument constructor). Thread-safe: the current selection is one
 * volatile field, read by {@link AllocationSiteJfrEvent}'s filter on allocating threads.
 */
public final class SiteSelectionControl extends SettingControl {
    private static final Logger LOG = LoggerFactory.getLogger(SiteSelectionControl.class);
    private volatile SiteSelection selection = SiteSelection.ALL;

    public SiteSelectionControl() {
        // for Flight Recorder
    }

    @Override
    public String combine(Set<String> values) {
        if (values.isEmpty()) {
            return SiteSelection.ALL.toString();
        }
        List<SiteSelection> parsed = new ArrayList<>();
        for (String value : values) {
            parsed.add(parseLenient(value));
        }
        return SiteSelection.union(parsed).toString();
    }

    @Override
    public void setValue(String value) {
        selection = parseLenient(value);
    }

    @Override
    public String getValue() {
        return selection.toString();
    }

    /** Whether the allocation numbered {@code ordinal} of its core, with {@code tag}, gets its stack recorded. */
    boolean accepts(long ordinal, String tag) {
        return selection.accepts(ordinal, tag);
    }

    private static SiteSelection parseLenient(String value) {
        try {
            return SiteSelection.parse(value);
        } catch (IllegalArgumentException e) {
            LOG.warn("memscope.AllocationSite: {}; recording every allocation's stack", e.getMessage());
            return SiteSelection.ALL;
        }
    }
}
