package io.memscope.samples.cli;

import io.memscope.core.AllocatorCore;
import io.memscope.core.VulkanContext;
import io.memscope.core.stats.LeakReport;
import io.memscope.core.stats.MemoryStats;
import io.memscope.samples.SeedTour;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code memscope tour}: the seed's six allocator examples once, then the memory report (text only). */
@Command(name = "tour", mixinStandardHelpOptions = true,
        description = "Run the seed's six allocator examples once and print the memory report.")
final class TourCommand implements Callable<Integer> {
    @Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--seed", defaultValue = "1", description = "Random seed of the generated data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Also print VMA's JSON statistics with the detailed map.")
    boolean json;

    @Override
    public Integer call() {
        try (VulkanContext ctx = device.open()) {
            System.out.println("memscope tour on " + ctx);
            AllocatorCore core = AllocatorCore.create(ctx);
            SeedTour tour = new SeedTour(core, System.out, seed);
            MemoryStats stats = tour.run();
            System.out.println();
            System.out.print(core.getDetailedReport());
            if (json) {
                System.out.println(core.getVmaStatsJson(true));
            }
            tour.release();
            List<LeakReport> leaks = core.closeAndReportLeaks();
            System.out.printf(Locale.ROOT, "%nPeak of the tour: %d allocations, %.1f MiB used in %.1f MiB of blocks. Leaks at exit: %d%n",
                    stats.allocationCount(), stats.usedBytes() / 1048576.0, stats.totalBytes() / 1048576.0, leaks.size());
            return leaks.isEmpty() ? 0 : MemscopeCommand.EXIT_FAILED;
        }
    }
}
