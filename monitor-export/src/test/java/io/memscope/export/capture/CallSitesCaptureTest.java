package io.memscope.export.capture;

import static org.lwjgl.vulkan.VK10.VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memscope.core.AllocatorCore;
import io.memscope.core.BufferAllocation;
import io.memscope.core.BufferRequest;
import io.memscope.core.MemoryUsage;
import io.memscope.core.CallStacks;
import io.memscope.core.CaptureOptions;
import io.memscope.core.MemoryAllocator;
import io.memscope.core.TestDevice;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.management.CallSites;
import io.memscope.core.management.CallStack;
import io.memscope.core.management.StackFrame;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Who allocated it": captures recorded with call stacks on the real device, read back as call-site trees whose
 * frames name the allocating methods and whose bytes equal the live bytes at the moment; sampling, tag selection and
 * stacks off.
 */
class CallSitesCaptureTest {

    /** An allocating method the trees must name. */
    static List<BufferAllocation> loadTerrainTiles(MemoryAllocator allocator, int count) {
        List<BufferAllocation> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(allocator.allocateBuffer(BufferRequest.of(64 * 1024, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                    MemoryUsage.GPU_ONLY).named("tile-" + i)));
        }
        return out;
    }

    /** A second allocating method. */
    static List<BufferAllocation> uploadTextures(MemoryAllocator allocator, int count) {
        List<BufferAllocation> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(allocator.allocateBuffer(BufferRequest.of(256 * 1024, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                    MemoryUsage.GPU_ONLY).named("texture-" + i)));
        }
        return out;
    }

    private static long bytes(List<BufferAllocation> allocations) {
        return allocations.stream().mapToLong(BufferAllocation::getAllocatedSize).sum();
    }

    private static CallSites.Node childNamed(CallSites.Node node, String method) {
        return node.children().stream().filter(n -> n.frame() != null && n.frame().methodName().equals(method))
                .findFirst().orElseThrow(() -> new AssertionError("no child " + method + " under " + node.label()
                        + ": " + node.children().stream().map(CallSites.Node::label).toList()));
    }

    private static long siteEvents(Path file) throws Exception {
        return RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(CallStacks.EVENT_NAME)).count();
    }

    @Test
    void stacksNameTheAllocatingMethodsAndTheirBytesAreTheLiveBytesAtTheMoment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stacks.jfr");
        long tilesBytes;
        long texturesBytes;
        long texturesLeft;
        try (AllocatorCore core = TestDevice.newCore()) {
            MemoryAllocator terrain = core.allocator("terrain");
            MemoryAllocator textures = core.allocator("texture");
            BufferAllocation before = CaptureReaderTest.buffer(terrain, 4096, "before the capture");
            core.monitor().startCapture(file, CaptureOptions.defaults().withCallStacks(CallStacks.all()));
            List<BufferAllocation> tiles = loadTerrainTiles(terrain, 30);
            List<BufferAllocation> texs = uploadTextures(textures, 12);
            tilesBytes = bytes(tiles);
            texturesBytes = bytes(texs);
            CaptureReaderTest.distinctTimestamps();
            core.monitor().takeSnapshot("all loaded");
            CaptureReaderTest.distinctTimestamps();
            for (int i = 0; i < 8; i++) {
                texs.get(i).close();
            }
            texturesLeft = bytes(texs.subList(8, 12));
            core.monitor().stopCapture();
            before.close();
            tiles.forEach(BufferAllocation::close);
            texs.subList(8, 12).forEach(BufferAllocation::close);
        }
        CaptureReader reader = CaptureReader.open(file);
        int core = reader.firstCore();
        Instant loaded = reader.snapshots().get(0).takenAt();

        CallSites atLoad = reader.callSitesAt(core, loaded);
        CaptureState state = reader.stateAt(core, loaded);
        assertThat(atLoad.liveBytes()).isEqualTo(state.allocatedBytes());
        assertThat(atLoad.topDown().bytes()).isEqualTo(state.allocatedBytes());
        assertThat(atLoad.bottomUp().bytes()).isEqualTo(state.allocatedBytes());
        assertThat(atLoad.allocationCount()).isEqualTo(43);
        assertThat(atLoad.withStack()).isEqualTo(42); // the one allocated before the capture has none
        // bottom-up: the roots' children are the allocating frames, our methods (memscope's frames trimmed)
        assertThat(childNamed(atLoad.bottomUp(), "loadTerrainTiles").bytes()).isEqualTo(tilesBytes);
        assertThat(childNamed(atLoad.bottomUp(), "loadTerrainTiles").count()).isEqualTo(30);
        assertThat(childNamed(atLoad.bottomUp(), "uploadTextures").bytes()).isEqualTo(texturesBytes);
        CallSites.Node none = atLoad.bottomUp().children().stream()
                .filter(n -> n.label().equals(CallSites.NO_STACK)).findFirst().orElseThrow();
        assertThat(none.count()).isEqualTo(1);
        // under the allocating frame, its caller: this test method
        assertThat(childNamed(atLoad.bottomUp(), "loadTerrainTiles").children()).anySatisfy(caller ->
                assertThat(caller.label()).contains(CallSitesCaptureTest.class.getName()
                        + ".stacksNameTheAllocatingMethodsAndTheirBytesAreTheLiveBytesAtTheMoment"));
        for (CallSites.Path path : atLoad.paths()) {
            CallStack stack = path.stack();
            if (stack != null) {
                StackFrame top = stack.top();
                assertThat(top).isNotNull();
                assertThat(top.className()).isEqualTo(CallSitesCaptureTest.class.getName());
                assertThat(top.methodName()).isIn("loadTerrainTiles", "uploadTextures");
                assertThat(top.line()).isPositive();
                assertThat(stack.frames()).noneMatch(f -> f.className().startsWith("io.memscope.core.Core"));
            }
        }
        // top-down: every path from the root down ends in an allocating frame; the leaf bytes sum to the root's
        assertThat(selfSum(atLoad.topDown())).isEqualTo(atLoad.topDown().bytes());

        CallSites atEnd = reader.callSitesAt(core, reader.end());
        assertThat(atEnd.liveBytes()).isEqualTo(reader.stateAt(core, reader.end()).allocatedBytes());
        assertThat(childNamed(atEnd.bottomUp(), "uploadTextures").bytes()).isEqualTo(texturesLeft);
        assertThat(childNamed(atEnd.bottomUp(), "uploadTextures").count()).isEqualTo(4);
        assertThat(childNamed(atEnd.bottomUp(), "loadTerrainTiles").bytes()).isEqualTo(tilesBytes);
        assertThat(siteEvents(file)).isEqualTo(42);
        // 42 allocations from two loops: two distinct stacks, held once each
        assertThat(reader.allocationStacks().distinctStacks()).isEqualTo(2);
    }

    private static long selfSum(CallSites.Node node) {
        long sum = node.selfBytes();
        for (CallSites.Node child : node.children()) {
            sum += selfSum(child);
        }
        return sum;
    }

    @Test
    void sampledOneInNRecordsAboutOneAllocationInN(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sampled.jfr");
        try (AllocatorCore core = TestDevice.newCore()) {
            MemoryAllocator terrain = core.allocator("terrain");
            core.monitor().startCapture(file, CaptureOptions.defaults().withCallStacks(CallStacks.sampled(8)));
            List<BufferAllocation> tiles = loadTerrainTiles(terrain, 400);
            core.monitor().stopCapture();
            tiles.forEach(BufferAllocation::close);
        }
        long recorded = siteEvents(file);
        // one in 8, chosen as if at random: about 50 of 400 (binomial, sd 6.6; deterministic for these numbers)
        assertThat(recorded).isBetween(25L, 80L);
        CaptureReader reader = CaptureReader.open(file);
        CallSites sites = reader.callSitesAt(reader.firstCore(), reader.end());
        assertThat(sites.allocationCount()).isEqualTo(400);
        assertThat((long) sites.withStack()).isEqualTo(recorded);
        assertThat(childNamed(sites.bottomUp(), "loadTerrainTiles").count()).isEqualTo(recorded);
        assertThat(sites.bottomUp().bytes()).isEqualTo(reader.stateAt(reader.end()).allocatedBytes());
    }

    @Test
    void aTagSelectionRecordsOnlyThoseTags(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tags.jfr");
        Set<Long> textureIds;
        try (AllocatorCore core = TestDevice.newCore()) {
            MemoryAllocator terrain = core.allocator("terrain");
            MemoryAllocator textures = core.allocator("texture");
            core.monitor().startCapture(file, CaptureOptions.defaults().withCallStacks(CallStacks.tags("texture")));
            List<BufferAllocation> tiles = loadTerrainTiles(terrain, 20);
            List<BufferAllocation> texs = uploadTextures(textures, 7);
            textureIds = texs.stream().map(BufferAllocation::getId).collect(Collectors.toSet());
            core.monitor().stopCapture();
            tiles.forEach(BufferAllocation::close);
            texs.forEach(BufferAllocation::close);
        }
        CaptureReader reader = CaptureReader.open(file);
        int core = reader.firstCore();
        List<AllocationInfo> live = reader.stateAt(core, reader.end()).allocations();
        assertThat(live).hasSize(27);
        for (AllocationInfo a : live) {
            assertThat(reader.allocationStacks().stackOf(core, a.id()) != null).as("stack of %s", a)
                    .isEqualTo(textureIds.contains(a.id()));
        }
        CallSites sites = reader.callSitesAt(core, reader.end());
        assertThat(sites.bottomUp().children()).extracting(CallSites.Node::label)
                .containsExactlyInAnyOrder(CallSites.NO_STACK, CallSitesCaptureTest.class.getName() + ".uploadTextures"
                        + ":" + childNamed(sites.bottomUp(), "uploadTextures").frame().line());
        assertThat(siteEvents(file)).isEqualTo(7);
    }

    @Test
    void withoutCallStacksNoSiteEventIsRecordedAndTheTreeSaysSo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("plain.jfr");
        long liveBytes;
        try (AllocatorCore core = TestDevice.newCore()) {
            MemoryAllocator terrain = core.allocator("terrain");
            core.monitor().startCapture(file, CaptureOptions.defaults());
            List<BufferAllocation> tiles = loadTerrainTiles(terrain, 10);
            liveBytes = bytes(tiles);
            core.monitor().stopCapture();
            tiles.forEach(BufferAllocation::close);
        }
        assertThat(siteEvents(file)).isZero();
        CaptureReader reader = CaptureReader.open(file);
        CallSites sites = reader.callSitesAt(reader.firstCore(), reader.end());
        assertThat(sites.hasStacks()).isFalse();
        assertThat(sites.liveBytes()).isEqualTo(liveBytes);
        assertThat(sites.bottomUp().children()).singleElement().satisfies(n -> {
            assertThat(n.label()).isEqualTo(CallSites.NO_STACK);
            assertThat(n.bytes()).isEqualTo(liveBytes);
            assertThat(n.count()).isEqualTo(10);
        });
    }

    @Test
    void selectionsParseOrNameTheFormsAccepted() {
        assertThat(CallStacks.parse("ALL").value()).isEqualTo("all");
        assertThat(CallStacks.parse("1/1").value()).isEqualTo("all");
        assertThat(CallStacks.parse("1/16").value()).isEqualTo("1/16");
        assertThat(CallStacks.parse("tag:mesh,texture").value()).isEqualTo("tag:mesh,texture");
        assertThat(CallStacks.parse("1/16+tag:texture").value()).isEqualTo("tag:texture+1/16");
        assertThat(CallStacks.parse("none").isOff()).isTrue();
        assertThat(CallStacks.off().jfrSettings()).isEmpty();
        assertThat(CallStacks.sampled(4).jfrSettings()).containsEntry(CallStacks.EVENT_NAME + "#select", "1/4")
                .containsEntry(CallStacks.EVENT_NAME + "#stackTrace", "true");
        for (String bad : List.of("", "1/0", "2/3", "tag:", "tag:a,,b", "some", "1/x")) {
            assertThatThrownBy(() -> CallStacks.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a call-stack selection");
        }
    }

    @Test
    void thePropertyRecordsTheSelectedStacksOfAChildJvmAndABadValueFailsItsCore(@TempDir Path dir) throws Exception {
        Path repository = Files.createDirectories(dir.resolve("repo"));
        Process child = childWith(dir.resolve("never-written.jfr"), "1/3",
                "-XX:FlightRecorderOptions:repository=" + repository);
        try {
            awaitLine(child, "allocated 300");
            Path chunks = KilledCaptureTest.awaitFlushed(repository, child);
            CaptureReader reader = CaptureReader.open(chunks);
            int core = CaptureReaderTest.coreWithTag(reader, "Child");
            CallSites sites = reader.callSitesAt(core, reader.end());
            assertThat(sites.allocationCount()).isEqualTo(300);
            assertThat(sites.withStack()).as("one in 3 of 300, as if at random").isBetween(60, 140);
            assertThat(sites.bottomUp().children()).filteredOn(n -> n.frame() != null).singleElement()
                    .satisfies(n -> assertThat(n.label()).startsWith(CaptureReaderTest.class.getName() + ".buffer:"));
        } finally {
            child.destroyForcibly();
        }

        Process bad = childWith(dir.resolve("bad.jfr"), "every other one");
        String out = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bad.waitFor()).as(out).isNotZero();
        assertThat(out).contains("-Dmemscope.capture.callStacks: 'every other one' is not a call-stack selection")
                .doesNotContain("allocated 300");
    }

    private static Process childWith(Path file, String callStacks, String... jvmArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dmemscope.capture=" + file, "-D" + CallStacks.PROPERTY + "=" + callStacks));
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CaptureChild.class.getName(), "300"));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static void awaitLine(Process child, String expected) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); !expected.equals(line); line = out.readLine()) {
            assertThat(line).as("the child ended early; it printed:%n%s", seen).isNotNull();
            seen.append(line).append('\n');
        }
    }
}
