package io.memscope.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memscope.core.AllocationKind;
import io.memscope.core.MemoryUsage;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.stats.MemoryBlock;
import io.memscope.core.MemoryMap;
import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MemoryMapLayout} and {@link MemoryMapPng}: what is drawn where, and what a point maps back to. */
class MemoryMapPngTest {
    private static final long MiB = 1L << 20;
    private static final long T0 = 1_780_000_000_000L;

    private static AllocationInfo alloc(long id, String tag, AllocationKind kind, long block, long offset, long size) {
        return new AllocationInfo(id, tag, kind, "n" + id, size, size, MemoryUsage.GPU_ONLY, 0, 0, block, offset, id,
                T0 - 5_000);
    }

    /** One 64 MiB block: Terrain 0–16 MiB, free 16–32 MiB, a Meshes image 32–48 MiB, a 64-byte buffer at 60 MiB. */
    private static MemoryMap sample() {
        MemoryBlock block = new MemoryBlock(0x10, 0, 0, 64 * MiB, null, false, true);
        MemoryBlock dedicated = new MemoryBlock(0x20, 1, 0, 8 * MiB, null, true, true);
        return MemoryMap.of(T0, List.of(block, dedicated), List.of(
                alloc(1, "Terrain", AllocationKind.BUFFER, 0x10, 0, 16 * MiB),
                alloc(2, "Meshes", AllocationKind.IMAGE, 0x10, 32 * MiB, 16 * MiB),
                alloc(3, "Tiny", AllocationKind.BUFFER, 0x10, 60 * MiB, 64),
                alloc(4, "Meshes", AllocationKind.IMAGE, 0x20, 0, 8 * MiB)));
    }

    @Test
    void barsSpansAndGapsAreWhereTheBytesAre() {
        MemoryMap map = sample();
        TagColors colors = TagColors.of(MemoryMapPng.tagsOf(map));
        MemoryMapLayout layout = MemoryMapLayout.of(map, colors, 1200);
        BufferedImage image = MemoryMapPng.render(layout);
        int top = MemoryMapPng.top(layout);

        assertThat(layout.barCount()).isEqualTo(2);
        assertThat(layout.headers()).hasSize(2).allSatisfy(h -> assertThat(h.text()).startsWith("Heap 0 · memory type"));
        MemoryMapLayout.Rect bar = layout.barBounds(0);
        int y = (int) bar.y() + top + 4; // above an image's foot
        assertThat(rgb(image, bar.x() + bar.width() * 0.1, y)).isEqualTo(colors.rgb("Terrain"));
        assertThat(rgb(image, bar.x() + bar.width() * 0.375, y)).as("free gap").isEqualTo(MemoryMapDrawing.FREE);
        assertThat(rgb(image, bar.x() + bar.width() * 0.6, y)).isEqualTo(colors.rgb("Meshes"));
        assertThat(rgb(image, bar.x() + bar.width() * 0.6, bar.y() + top + MemoryMapLayout.BAR_HEIGHT - 2))
                .as("an image's dark foot").isEqualTo(MemoryMapDrawing.darken(colors.rgb("Meshes")));
        // 64 bytes of 64 MiB: far below a pixel, still one (pale) column
        MemoryMapLayout.Rect tiny = layout.spanOf(3).orElseThrow();
        assertThat(tiny.width()).isEqualTo(1);
        assertThat(rgb(image, tiny.x(), y)).isEqualTo(MemoryMapDrawing.blend(colors.rgb("Tiny"), MemoryMapDrawing.FREE));
        assertThat(layout.allocationAt(tiny.x() + 0.5, tiny.y() + 2)).map(AllocationInfo::id).contains(3L);
        // the dedicated block is an eighth of the big one, so its bar is shorter
        assertThat(layout.barBounds(1).width()).isLessThan(bar.width() / 4);
        assertThat(image.getWidth()).isEqualTo(1200);
    }

    @Test
    void aPointMapsBackToItsAllocationAndFreeSpaceToNone() {
        MemoryMapLayout layout = MemoryMapLayout.of(sample(), TagColors.EMPTY, 1000);
        MemoryMapLayout.Rect bar = layout.barBounds(0);
        double y = bar.y() + 5;
        assertThat(layout.allocationAt(bar.x() + bar.width() * 0.2, y)).map(AllocationInfo::id).contains(1L);
        assertThat(layout.allocationAt(bar.x() + bar.width() * 0.7, y)).map(AllocationInfo::id).contains(2L);
        assertThat(layout.allocationAt(bar.x() + bar.width() * 0.4, y)).isEmpty();
        assertThat(layout.allocationAt(5, y)).as("the label").isEmpty();
        assertThat(layout.allocationAt(bar.x() + 2, bar.y() - 4)).as("between rows").isEmpty();
        MemoryMapLayout.Rect span = layout.spanOf(2).orElseThrow();
        assertThat(span.x()).isCloseTo(bar.x() + bar.width() / 2.0, org.assertj.core.data.Offset.offset(1.0));
        assertThat(layout.spansOf(Set.of(1L, 4L))).hasSize(2);
        assertThat(layout.spanOf(99)).isEmpty();
    }

    @Test
    void manySmallAllocationsAreRunsNotOneDrawingEach() {
        List<AllocationInfo> allocations = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            allocations.add(alloc(i, i % 2 == 0 ? "A" : "B", AllocationKind.BUFFER, 0x10, i * 512L, 256));
        }
        MemoryMap map = MemoryMap.of(T0, List.of(new MemoryBlock(0x10, 0, 0, 256 * MiB, null, false, true)),
                allocations);
        MemoryMapLayout layout = MemoryMapLayout.of(map, TagColors.of(List.of("A", "B")), 1200);
        assertThat(layout.runCount(0)).isLessThanOrEqualTo((int) layout.barBounds(0).width() + 1);
        assertThat(layout.legend()).extracting(MemoryMapLayout.LegendEntry::allocations).containsExactly(50_000, 50_000);
    }

    @Test
    void edgeCases(@TempDir Path dir) throws Exception {
        BufferedImage empty = MemoryMapPng.render(MemoryMap.EMPTY, TagColors.EMPTY, 800);
        assertThat(empty.getWidth()).isEqualTo(800);

        MemoryMap unicode = MemoryMap.of(T0, List.of(), List.of(alloc(1, "Gelände ☃ 地形", AllocationKind.IMAGE, 0x30, 0, MiB)));
        MemoryMapLayout inferred = MemoryMapLayout.of(unicode, TagColors.of(List.of("Gelände ☃ 地形")), 900);
        assertThat(inferred.legend()).extracting(MemoryMapLayout.LegendEntry::tag).containsExactly("Gelände ☃ 地形");
        assertThat(unicode.blocks().get(0).block().sizeKnown()).isFalse();
        assertThat(MemoryMapPng.write(unicode, dir.resolve("unicode.png"))).exists();

        List<MemoryBlock> blocks = new ArrayList<>();
        List<AllocationInfo> allocations = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            blocks.add(new MemoryBlock(0x1000 + i, i % 3, 0, MiB, null, true, true));
            allocations.add(alloc(i, "T" + (i % 20), AllocationKind.BUFFER, 0x1000 + i, 0, MiB));
        }
        MemoryMap manyBlocks = MemoryMap.of(T0, blocks, allocations);
        BufferedImage many = MemoryMapPng.render(manyBlocks, TagColors.EMPTY, 1000);
        assertThat(many.getHeight()).isLessThanOrEqualTo(MemoryMapPng.MAX_HEIGHT);
        // cut between two rows: below the last whole bar only the note, no part of a bar
        MemoryMapLayout manyLayout = MemoryMapLayout.of(manyBlocks, TagColors.EMPTY.withTags(
                MemoryMapPng.tagsOf(manyBlocks)), 1000);
        int top = MemoryMapPng.top(manyLayout);
        int lastWhole = manyLayout.bars().stream().mapToInt(b -> b.y() + MemoryMapLayout.BAR_HEIGHT)
                .filter(bottom -> top + bottom < many.getHeight() - 24).max().orElseThrow();
        for (int y = top + lastWhole + 2; y < many.getHeight(); y++) {
            for (int x = 700; x < 990; x++) {
                assertThat(many.getRGB(x, y) & 0xffffff).as("(%d, %d): background", x, y)
                        .isEqualTo(MemoryMapDrawing.BACKGROUND);
            }
        }

        Path file = dir.resolve("map.png");
        MemoryMapPng.write(sample(), file);
        assertThat(ImageIO.read(file.toFile()).getWidth()).isEqualTo(MemoryMapPng.DEFAULT_WIDTH);

        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        assertThatThrownBy(() -> MemoryMapPng.write(sample(), notADirectory.resolve("map.png")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("map.png");
    }

    @Test
    void tagColoursStayAsTagsComeAndGo() {
        TagColors first = TagColors.of(List.of("Terrain", "Meshes"));
        TagColors later = first.withTags(List.of("Audio", "Terrain"));
        assertThat(later.rgb("Meshes")).isEqualTo(first.rgb("Meshes")).isEqualTo(TagColors.PALETTE.get(0));
        assertThat(later.rgb("Terrain")).isEqualTo(first.rgb("Terrain"));
        assertThat(later.rgb("Audio")).isEqualTo(TagColors.PALETTE.get(2));
        assertThat(later.rgb("nobody")).isEqualTo(TagColors.UNKNOWN);
        assertThat(later.css("Meshes")).isEqualTo("#4e79a7");
    }

    private static int rgb(BufferedImage image, double x, double y) {
        return image.getRGB((int) x, (int) y) & 0xffffff;
    }
}
