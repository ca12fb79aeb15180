package io.memscope.export;

import io.memscope.core.AllocationKind;
import io.memscope.core.MemoryUsage;
import io.memscope.core.event.AllocationInfo;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The child JVM of {@link KilledExportTest}: exports {@code ROWS} allocations to {@code FILE} once (prints
 * {@code written}), then exports them again but stops for good half-way through the rows (prints
 * {@code half-way}) and waits to be killed.
 */
public final class KilledExportChild {
    private KilledExportChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path file = Path.of(args[0]);
        int rows = Integer.parseInt(args[1]);
        CsvExport.writeAllocations(allocations(rows, -1), file);
        System.out.println("written");
        System.out.flush();
        CsvExport.writeAllocations(allocations(rows, rows / 2), file);
        throw new AssertionError("the second export was to stop half-way");
    }

    /** {@code rows} allocations; asking for row {@code stopAt} announces it and then never returns. */
    private static List<AllocationInfo> allocations(int rows, int stopAt) {
        CountDownLatch never = new CountDownLatch(1);
        return new AbstractList<>() {
            @Override
            public AllocationInfo get(int index) {
                if (index == stopAt) {
                    System.out.println("half-way");
                    System.out.flush();
                    try {
                        never.await(); // until the parent kills this JVM
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
                return new AllocationInfo(index, "Terrain", AllocationKind.BUFFER, "tile " + index + ", lod 0", 65_536,
                        65_536, MemoryUsage.GPU_ONLY, 0, 0, 0x5000_0000L + index / 64, (index % 64) * 65_536L, 0,
                        1_780_000_000_000L + index);
            }

            @Override
            public int size() {
                return rows;
            }
        };
    }
}
