package io.memscope.samples.cli;

import io.memscope.samples.workloads.Workloads;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code memscope list}: the workloads and what each shows. */
@Command(name = "list", description = "List the workloads and what each shows in the dashboard.")
final class ListCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        for (Workloads.Entry entry : Workloads.all()) {
            System.out.printf("%-9s %s%n", entry.name(), entry.description());
        }
        System.out.println("demo      The seed's six allocator examples, repeating (./memscope demo).");
        return 0;
    }
}
