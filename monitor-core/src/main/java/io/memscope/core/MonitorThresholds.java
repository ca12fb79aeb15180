package io.memscope.core;

/**
 * Thresholds the sampler compares its samples with, producing
 * {@link io.memscope.core.event.ThresholdCrossed} events. All values are fractions (0.9 = 90 %).
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param usageWarning usage / budget of a heap or the device above which a warning is raised (default 0.8)
 * @param usageHigh usage / budget above which a high-usage alarm is raised (default 0.9)
 * @param fragmentation device fragmentation ratio above which a warning is raised (default 0.4)
 * @param overBudget usage / budget above which a heap counts as over budget (default 1.0)
 * @param hysteresis how far below a threshold a value must fall before it counts as back down (default 0.02)
 */
public record MonitorThresholds(double usageWarning, double usageHigh, double fragmentation, double overBudget,
                                double hysteresis) {
    public MonitorThresholds {
        check("usageWarning", usageWarning);
        check("usageHigh", usageHigh);
        check("fragmentation", fragmentation);
        if (!(overBudget > 0.0 && overBudget <= 10.0)) {
            throw new IllegalArgumentException("overBudget must be in (0, 10], was " + overBudget);
        }
        if (!(hysteresis >= 0.0 && hysteresis < 0.5)) {
            throw new IllegalArgumentException("hysteresis must be in [0, 0.5), was " + hysteresis);
        }
    }

    private static void check(String name, double value) {
        if (!(value > 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be in (0, 1], was " + value);
        }
    }

    /** 0.8 / 0.9 usage, 0.4 fragmentation, over budget at 1.0, hysteresis 0.02. */
    public static MonitorThresholds defaults() {
        return new MonitorThresholds(0.8, 0.9, 0.4, 1.0, 0.02);
    }

    public MonitorThresholds withUsageWarning(double value) {
        return new MonitorThresholds(value, usageHigh, fragmentation, overBudget, hysteresis);
    }

    public MonitorThresholds withUsageHigh(double value) {
        return new MonitorThresholds(usageWarning, value, fragmentation, overBudget, hysteresis);
    }

    public MonitorThresholds withFragmentation(double value) {
        return new MonitorThresholds(usageWarning, usageHigh, value, overBudget, hysteresis);
    }

    public MonitorThresholds withOverBudget(double value) {
        return new MonitorThresholds(usageWarning, usageHigh, fragmentation, value, hysteresis);
    }

    public MonitorThresholds withHysteresis(double value) {
        return new MonitorThresholds(usageWarning, usageHigh, fragmentation, overBudget, value);
    }
}
