package io.memscope.samples.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import io.memscope.core.Allocation;
import io.memscope.core.AllocatorCore;
import io.memscope.core.AllocatorOptions;
import io.memscope.core.TestDevice;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The workloads' end states on a real device. */
class WorkloadsTest {

    @Test
    void terrainHoldsExactlyTheLodsItsCameraNeedsAndStreamsAsItMoves() {
        try (AllocatorCore core = TestDevice.newCore(); TerrainWorkload terrain = new TerrainWorkload(core, 11)) {
            terrain.start();
            assertThat(terrain.usesLargeBlocks()).isTrue();
            Set<TerrainWorkload.TileLod> first = null;
            for (int frame = 0; frame <= 150; frame++) {
                terrain.frame(frame);
                if (frame % 50 == 0) {
                    assertThat(terrain.resident()).as("frame %d", frame).isEqualTo(terrain.neededAt(frame));
                    assertThat(namesOfTag(core)).as("the ledger agrees at frame %d", frame).isEqualTo(expectedNames(terrain, frame));
                }
                if (frame == 0) {
                    first = terrain.resident();
                }
            }
            assertThat(terrain.resident()).hasSize(TerrainWorkload.TILES * TerrainWorkload.TILES)
                    .isNotEqualTo(first); // the camera moved a quarter lap: LODs were streamed in and out
            assertThat(terrain.status()).contains("16 tiles resident").doesNotContain("streamed out 0");
            terrain.close();
            assertThat(core.getStats().tag("TerrainRenderer").allocationCount()).isZero();
        }
    }

    @Test
    void terrainAndMeshBuildTheirDataWithoutDirectBuffers() {
        // a direct buffer per build is native memory that only a GC gives back: in long runs with a roomy heap
        // gigabytes piled up between GCs and glibc kept the pages (docs/performance.md, "Memory over time")
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();
        try (AllocatorCore core = TestDevice.newCore(); TerrainWorkload terrain = new TerrainWorkload(core, 11);
             MeshLoaderWorkload mesh = new MeshLoaderWorkload(core, 2)) {
            terrain.start();
            mesh.start();
            long before = direct.getMemoryUsed();
            for (int frame = 0; frame <= 150; frame++) {
                terrain.frame(frame);
                mesh.frame(frame);
            }
            assertThat(terrain.status()).doesNotContain("streamed in 0");
            assertThat(mesh.loadedCount()).isGreaterThan(MeshLoaderWorkload.MESHES);
            assertThat(direct.getMemoryUsed() - before).as("direct buffer bytes allocated while streaming")
                    .isLessThan(64 << 10);
        }
    }

    private static Set<String> namesOfTag(AllocatorCore core) {
        return core.getLiveAllocations().stream().filter(a -> a.getTag().equals("TerrainRenderer"))
                .map(Allocation::getName).filter(java.util.Objects::nonNull).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> expectedNames(TerrainWorkload terrain, int frame) {
        Set<String> names = new TreeSet<>();
        for (TerrainWorkload.TileLod tile : terrain.neededAt(frame)) {
            names.add(tile.label() + " vertices");
            names.add(tile.label() + " indices");
        }
        return names;
    }

    @Test
    void dynamicRendererFreesOnlyLongUnusedBuffersUnderPressureAndDefragmentsPeriodically() {
        DynamicRendererWorkload.Settings settings = new DynamicRendererWorkload.Settings(4, 4 << 10, 32 << 10, 200,
                4000, 60, 600, 0.15, 300);
        afterDynamicFrames(256L << 20, settings, 5, 1200, (core, renderer) -> {
            System.out.println(renderer.status());
            assertThat(renderer.reliefs()).as("pressure was reached").isNotEmpty();
            assertThat(renderer.reliefs()).as("it freed something").anyMatch(r -> r.freed() > 0);
            for (DynamicRendererWorkload.PressureRelief relief : renderer.reliefs()) {
                if (relief.freed() > 0) {
                    assertThat(relief.smallestIdleFreed()).as("only buffers unused > 600 frames").isGreaterThan(600);
                }
                assertThat(relief.largestIdleKept()).as("none unused > 600 frames kept").isLessThanOrEqualTo(600);
            }
            assertThat(renderer.defragmentations()).hasSize(3);
            assertThat(renderer.defragmentations()).allSatisfy(step -> assertThat(step.passes()).isLessThanOrEqualTo(1));
            int live = renderer.liveBuffers();
            assertThat(core.getStats().tag("DynamicRenderer").allocationCount()).isEqualTo(live + 1); // + the GPU scratch buffer
            renderer.close();
            assertThat(core.getStats().tag("DynamicRenderer").allocationCount()).isZero();
        });
    }

    @Test
    void dynamicRendererGoesWithoutTheBuffersAFullHeapRefusesAndRunsOn() {
        // 4 buffers of 256 KiB-1 MiB a frame, living 1,000 frames, under a 32 MiB heap: full within 60 frames
        DynamicRendererWorkload.Settings settings = new DynamicRendererWorkload.Settings(4, 256 << 10, 1 << 20, 1000,
                1000, 60, 600, 0.9, 50);
        afterDynamicFrames(32L << 20, settings, 7, 200, (core, renderer) -> {
            assertThat(renderer.refusedBuffers()).as(renderer.status()).isPositive();
            assertThat(renderer.status()).contains(renderer.refusedBuffers() + " refused (out of device memory)");
            assertThat(core.getStats().tag("DynamicRenderer").allocationCount())
                    .isEqualTo(renderer.liveBuffers() + 1); // + the GPU scratch buffer: no half-made buffer counted
        });
    }

    /**
     * Runs a dynamic renderer with {@code settings} for {@code frames} frames under a heap size limit, hands it to
     * {@code check}, then closes it and checks that nothing leaked.
     */
    private static void afterDynamicFrames(long heapLimit, DynamicRendererWorkload.Settings settings, long seed,
                                           int frames, java.util.function.BiConsumer<AllocatorCore,
                                           DynamicRendererWorkload> check) {
        try (AllocatorCore core = AllocatorCore.create(TestDevice.context(),
                AllocatorOptions.defaults().withHeapSizeLimit(heapLimit));
             DynamicRendererWorkload renderer = new DynamicRendererWorkload(core, seed, settings)) {
            renderer.start();
            for (int frame = 0; frame < frames; frame++) {
                renderer.frame(frame);
            }
            check.accept(core, renderer);
            renderer.close();
            assertThat(core.closeAndReportLeaks()).isEmpty();
        }
    }

    @Test
    void dynamicRendererKeepsABoundedHistoryOfStepsAndReliefsHoweverLongItRuns() {
        // a defragmentation step every frame and pressure handling every frame (any usage is over a 0 line)
        DynamicRendererWorkload.Settings settings = new DynamicRendererWorkload.Settings(1, 4 << 10, 8 << 10, 10,
                20, 5, 600, 0.0, 1);
        int frames = DynamicRendererWorkload.KEPT_HISTORY + 100;
        try (AllocatorCore core = TestDevice.newCore();
             DynamicRendererWorkload renderer = new DynamicRendererWorkload(core, 3, settings)) {
            renderer.start();
            for (int frame = 0; frame < frames; frame++) {
                renderer.frame(frame);
            }
            assertThat(renderer.defragmentationCount()).isEqualTo(frames - 1); // none at frame 0
            assertThat(renderer.defragmentations()).hasSize(DynamicRendererWorkload.KEPT_HISTORY);
            assertThat(renderer.reliefs()).hasSize(DynamicRendererWorkload.KEPT_HISTORY);
            assertThat(renderer.reliefs().get(0).frame()).as("the latest are kept").isEqualTo(100);
            assertThat(renderer.status()).contains((frames - 1) + " defragmentation steps",
                    frames + " pressure reliefs");
            renderer.close();
            assertThat(core.closeAndReportLeaks()).isEmpty();
        }
    }

    @Test
    void meshLoaderKeepsItsMeshesVerifiedAndReloadsOnSchedule() {
        try (AllocatorCore core = TestDevice.newCore(); MeshLoaderWorkload mesh = new MeshLoaderWorkload(core, 2)) {
            mesh.start();
            for (int frame = 0; frame <= 2 * MeshLoaderWorkload.RELOAD_EVERY; frame++) {
                mesh.frame(frame);
            }
            assertThat(mesh.loadedCount()).isEqualTo(MeshLoaderWorkload.MESHES + 2);
            assertThat(core.getStats().tag("MeshLoader").allocationCount()).isEqualTo(2L * MeshLoaderWorkload.MESHES + 1);
            assertThat(core.getStats().tag("MeshStaging").allocationCount()).isZero(); // staging freed after each upload
            mesh.close();
            assertThat(core.getStats().tag("MeshLoader").allocationCount()).isZero();
        }
    }

    @Test
    void sceneLoaderSwapsWholeBatches() {
        try (AllocatorCore core = TestDevice.newCore(); SceneLoaderWorkload scene = new SceneLoaderWorkload(core, 4)) {
            scene.start();
            var first = scene.scene();
            for (int frame = 0; frame <= SceneLoaderWorkload.SWAP_EVERY; frame++) {
                scene.frame(frame);
            }
            assertThat(scene.scenesLoaded()).isEqualTo(2);
            assertThat(scene.scene()).hasSize(3 * SceneLoaderWorkload.MESHES).doesNotContainAnyElementsOf(first);
            assertThat(first).allSatisfy(b -> assertThat(b.isLive()).isFalse());
            assertThat(core.getStats().tag("SceneLoader").allocationCount()).isEqualTo(3L * SceneLoaderWorkload.MESHES + 1);
            scene.close();
            assertThat(core.getStats().tag("SceneLoader").allocationCount()).isZero();
        }
    }

    @Test
    void bufferManagerPoolsReuseAsTheSizeClassRuleSays() {
        int frames = 200;
        try (AllocatorCore core = TestDevice.newCore(); BufferManagerWorkload manager = new BufferManagerWorkload(core, 6)) {
            manager.start();
            long[] prewarmed = manager.pools().stream().mapToLong(p -> p.getStats().totalAllocations()).toArray();
            assertThat(prewarmed).containsExactly(8, 8, 15, 3); // the seed's table
            for (int frame = 0; frame < frames; frame++) {
                manager.frame(frame);
            }
            for (int i = 0; i < 3; i++) { // vertex, index and uniform are asked once per frame
                var stats = manager.pools().get(i).getStats();
                long made = stats.totalAllocations() - prewarmed[i];
                assertThat(stats.reuseCount()).as(stats.typeName()).isEqualTo(frames - made);
                assertThat(stats.reuseCount()).as(stats.typeName() + " mostly reuses").isGreaterThan(frames / 2);
                assertThat(stats.activeBuffers()).as(stats.typeName()).isEqualTo(BufferManagerWorkload.HOLD_FRAMES);
            }
            manager.close();
            assertThat(core.getStats().tag("BufferManager").allocationCount()).isZero();
        }
    }

    @Test
    void textureLoaderDecodesRealPngsAndTheGpuHoldsExactlyTheDecodedTexels() {
        try (AllocatorCore core = TestDevice.newCore(); TextureLoaderWorkload textures = new TextureLoaderWorkload(core, 1)) {
            textures.start();
            for (int frame = 0; frame <= TextureLoaderWorkload.RELOAD_EVERY; frame++) {
                textures.frame(frame);
            }
            assertThat(textures.loadedCount()).isEqualTo(TextureLoaderWorkload.FILES.size() + 1);
            for (int i = 0; i < TextureLoaderWorkload.FILES.size(); i++) {
                var decoded = TextureLoaderWorkload.decode(TextureLoaderWorkload.FILES.get(i));
                var image = textures.textures().get(i);
                assertThat(image.getName()).isEqualTo(TextureLoaderWorkload.FILES.get(i));
                assertThat(image.getWidth()).isEqualTo(decoded.width());
                assertThat(image.getMipLevels()).isEqualTo(32 - Integer.numberOfLeadingZeros(Math.max(decoded.width(), decoded.height())));
                assertThat(textures.readBack(image, 0)).as("mip 0 of " + image.getName()).isEqualTo(decoded.rgba());
            }
            assertThat(TextureLoaderWorkload.decode("grass.png").width()).isEqualTo(256);
            textures.close();
            assertThat(core.getStats().tag("TextureLoader").allocationCount()).isZero();
        }
    }
}
