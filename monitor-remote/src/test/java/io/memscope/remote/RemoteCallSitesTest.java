package io.memscope.remote;

import static io.memscope.remote.Target.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.memscope.core.CallStacks;
import io.memscope.core.event.AllocationInfo;
import io.memscope.core.management.CallSites;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A monitor attached with call stacks to a real child JVM streams the stacks of the child's allocations (from the
 * moment it attached) and groups the live allocations by them; attached without, it says how to get them.
 */
class RemoteCallSitesTest {
    private static final Duration FOLLOW = Duration.ofSeconds(20);

    @Test
    void attachedWithCallStacksTheChildsAllocatingFrameAndItsBytesArrive() throws Exception {
        try (Target child = Target.memscope()) {
            child.send("alloc 30 4096 Terrain"); // before attaching: no stacks
            try (RemoteMemoryMonitor remote = RemoteMemoryMonitor.attach(child.pid(),
                    RemoteOptions.defaults().withCallStacks(CallStacks.tags("Textures")))) {
                child.send("alloc 20 65536 Textures");
                child.send("alloc 10 8192 Terrain"); // not selected: no stacks
                try {
                    await(() -> remote.getLiveAllocations().size() == 60 && remote.callSites().withStack() == 20,
                            FOLLOW, "60 live allocations, 20 with a stack");
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + ": " + remote.getLiveAllocations().size() + " live, "
                            + remote.callSites().withStack() + " with a stack", e);
                }
                CallSites sites = remote.callSites();
                long texturesBytes = remote.getLiveAllocations().stream().filter(a -> a.tag().equals("Textures"))
                        .mapToLong(AllocationInfo::allocatedBytes).sum();
                long allBytes = remote.getLiveAllocations().stream().mapToLong(AllocationInfo::allocatedBytes).sum();
                assertThat(sites.liveBytes()).isEqualTo(allBytes);
                assertThat(sites.bottomUp().bytes()).isEqualTo(allBytes);
                assertThat(sites.unavailableReason()).isEmpty();
                CallSites.Node allocating = sites.bottomUp().children().stream()
                        .filter(n -> n.frame() != null).findFirst().orElseThrow();
                assertThat(allocating.frame().className()).isEqualTo(RemoteTarget.class.getName());
                assertThat(allocating.frame().methodName()).isEqualTo("run");
                assertThat(allocating.bytes()).isEqualTo(texturesBytes);
                assertThat(allocating.count()).isEqualTo(20);
                assertThat(sites.bottomUp().children()).filteredOn(n -> n.label().equals(CallSites.NO_STACK))
                        .singleElement().satisfies(n -> assertThat(n.count()).isEqualTo(40));
                // the outermost frame of the top-down tree is the child's main thread
                assertThat(sites.topDown().children()).anySatisfy(n ->
                        assertThat(n.label()).isEqualTo(RemoteTarget.class.getName() + ".main:" + n.frame().line()));
            }
        }
    }

    @Test
    void attachedWithoutCallStacksTheTreeSaysHowToGetThem() throws Exception {
        try (Target child = Target.memscope()) {
            child.send("alloc 5 4096 Terrain");
            try (RemoteMemoryMonitor remote = RemoteMemoryMonitor.attach(child.pid(), RemoteOptions.defaults())) {
                CallSites sites = remote.callSites();
                assertThat(sites.hasStacks()).isFalse();
                assertThat(sites.allocationCount()).isEqualTo(5);
                assertThat(sites.unavailableReason()).get().asString().contains("--call-stacks");
            }
        }
    }
}
