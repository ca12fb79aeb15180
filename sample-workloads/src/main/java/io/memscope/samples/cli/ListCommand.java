package io.memscope.samples.cli;

import io.memscope.samples.workloads.Workloads;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code memscope list}: the workloads and what each shows. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the workloads and what each shows in the dashboard.")
final class ListCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        for (Workloads.Entry entry : Workloads.all()) {
            line(entry.name(), entry.description());
        }
        line("demo", "Terrain and dynamic renderers together, with the dashboard or a report folder (memscope demo).");
        line("tour", "The seed's six allocator examples once, then the memory report (memscope tour).");
        return 0;
    }

    private static void line(String name, String description) {
        System.out.printf("%-9s %s%n", name, description);
    }
}
