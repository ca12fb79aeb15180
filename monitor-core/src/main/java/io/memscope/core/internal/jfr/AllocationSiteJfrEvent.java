package io.memscope.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.SettingDefinition;
import jdk.jfr.StackTrace;

/**
 * {@code memscope.AllocationSite}: the call stack of one allocation, committed on the allocating thread right after the
 * allocation got its id ({@link AllocationSites}), so JFR's own stack walk records who allocated it. Carries only the
 * core and the allocation id; everything else about the allocation is in its {@code memscope.Allocation} event (or a
 * state). JFR stores each distinct stack once per chunk (its stack-trace constant pool), so a stack repeated a million
 * times costs its size once plus a small reference per event.
 *
 * <p>Off by default; which allocations get one is the {@code select} setting ({@link SiteSelectionControl}).
 */
@Name(AllocationSiteJfrEvent.NAME)
@Label("GPU Allocation Site")
@Category("memscope")
@Description("The call stack of a GPU allocation made through memscope (the allocating thread's stack)")
@StackTrace(true)
@Enabled(false)
public final class AllocationSiteJfrEvent extends jdk.jfr.Event {
    public static final String NAME = "memscope.AllocationSite";
    /** The name of the selection setting. */
    public static final String SELECT = "select";

    @Label("Core")
    @Description("Id of the AllocatorCore within this JVM (the MXBean's CoreId)")
    public int core;

    @Label("Allocation Id")
    @Description("The allocation's id, as in memscope.Allocation")
    public long id;

    /** For the filter only (transient: not recorded). */
    transient long ordinal;
    /** For the filter only (transient: not recorded). */
    transient String tag = "";

    @Name(SELECT)
    @Label("Which Allocations")
    @Description("all, 1/N (one allocation in N per core, chosen as if at random), tag:A,B (those tags), both joined by +, or none")
    @SettingDefinition
    protected boolean select(SiteSelectionControl control) {
        return control.accepts(ordinal, tag);
    }
}
