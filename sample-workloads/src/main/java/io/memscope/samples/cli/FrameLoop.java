package io.memscope.samples.cli;

import io.memscope.core.AllocatorCore;
import io.memscope.samples.workloads.Workload;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * The launcher's frame loop: starts the workloads, runs their frames in turn until the {@link LoopLimit}, Ctrl-C
 * or {@code keepGoing} says stop, prints a progress line every {@code progressEveryNanos}, and takes a snapshot
 * every 10 s. The caller closes the workloads. Runs on the calling thread.
 */
final class FrameLoop {
    private static final long SNAPSHOT_EVERY_NANOS = 10_000_000_000L;

    private FrameLoop() {
    }

    /** @return frames run */
    static int run(List<Workload> workloads, AllocatorCore core, LoopLimit limit, BooleanSupplier keepGoing,
                   long progressEveryNanos, String snapshotLabel) {
        long start = System.nanoTime();
        long lastProgress = start;
        long lastSnapshot = start;
        int frameLimit = limit.frameLimit();
        long nanoLimit = limit.nanoLimit();
        int frame = 0;
        workloads.forEach(Workload::start);
        while (frame < frameLimit && System.nanoTime() - start < nanoLimit && !CtrlC.pressed()
                && keepGoing.getAsBoolean()) {
            for (Workload workload : workloads) {
                workload.frame(frame);
            }
            frame++;
            long now = System.nanoTime();
            if (now - lastProgress > progressEveryNanos) {
                lastProgress = now;
                System.out.printf(Locale.ROOT, "frame %d, %.0f s | %s%n", frame, (now - start) / 1e9, statuses(workloads));
            }
            if (now - lastSnapshot > SNAPSHOT_EVERY_NANOS) {
                lastSnapshot = now;
                core.monitor().takeSnapshot(snapshotLabel + " frame " + frame);
            }
        }
        return frame;
    }

    static String statuses(List<Workload> workloads) {
        StringBuilder text = new StringBuilder();
        for (Workload workload : workloads) {
            text.append(text.length() == 0 ? "" : " | ").append(workload.status());
        }
        return text.toString();
    }
}
