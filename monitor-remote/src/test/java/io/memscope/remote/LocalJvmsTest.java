package io.memscope.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.tools.attach.VirtualMachine;
import io.memscope.remote.AttachException.Reason;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Discovery and inspection of real child JVMs: one with a memscope core on lavapipe, plain ones. */
class LocalJvmsTest {
    @Test
    void listFindsTheMemscopeChildWithItsCoreAndNotAPlainJvm() throws Exception {
        try (Target child = Target.memscope(); Target plain = Target.plain()) {
            child.send("alloc 10 4096 Listed");
            List<MemscopeJvm> jvms = LocalJvms.list();

            assertThat(jvms).noneMatch(j -> j.pid() == plain.pid())
                    .noneMatch(j -> j.pid() == ProcessHandle.current().pid());
            MemscopeJvm found = jvms.stream().filter(j -> j.pid() == child.pid()).findFirst().orElseThrow(
                    () -> new AssertionError("child " + child.pid() + " not listed in " + jvms));
            assertThat(found.displayName()).contains(RemoteTarget.class.getName());
            String deviceName = child.readyLine.substring("ready ".length());
            assertThat(found.cores()).singleElement().satisfies(core -> {
                assertThat(core.deviceName()).isEqualTo(deviceName);
                assertThat(core.name()).isNotBlank();
                assertThat(core.coreId()).isPositive();
                assertThat(core.liveAllocations()).isEqualTo(10);
                assertThat(core.objectName()).startsWith("io.memscope:type=MemoryMonitor,")
                        .contains("core=" + core.coreId());
            });
            assertThat(LocalJvms.inspect(child.pid())).isEqualTo(found);
        }
    }

    @Test
    void inspectOfAProcessThatIsGoneSaysNoSuchProcess() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> LocalJvms.inspect(gone.pid()))
                .isInstanceOfSatisfying(AttachException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NO_SUCH_PROCESS);
                    assertThat(e.pid()).isEqualTo(gone.pid());
                })
                .hasMessageStartingWith("pid " + gone.pid() + ": no such process")
                .hasMessageNotContaining("\n");
    }

    @Test
    void inspectOfAJvmThatDisablesAttachIsAClearRefusal() throws Exception {
        try (Target refusing = Target.plain("-XX:+DisableAttachMechanism")) {
            assertThatThrownBy(() -> LocalJvms.inspect(refusing.pid()))
                    .isInstanceOfSatisfying(AttachException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_JVM_OR_ATTACH_REFUSED))
                    .hasMessageContaining("pid " + refusing.pid())
                    .hasMessageContaining("-XX:+DisableAttachMechanism")
                    .hasMessageNotContaining("\n");
            assertThat(refusing.process.isAlive()).as("inspecting it must not kill it").isTrue();
        }
    }

    @Test
    void inspectOfAJvmWithoutMemscopeSaysNotMemscope() throws Exception {
        try (Target plain = Target.plain()) {
            assertThatThrownBy(() -> LocalJvms.inspect(plain.pid()))
                    .isInstanceOfSatisfying(AttachException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_MEMSCOPE))
                    .hasMessageContaining("pid " + plain.pid())
                    .hasMessageContaining("has never opened a memscope core")
                    .hasMessageNotContaining("\n");
            assertThatThrownBy(() -> RemoteMemoryMonitor.attach(plain.pid()))
                    .isInstanceOfSatisfying(AttachException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_MEMSCOPE));
            // told apart by a system property, before any management agent starts in it
            VirtualMachine vm = VirtualMachine.attach(Long.toString(plain.pid()));
            try {
                assertThat(vm.getAgentProperties().getProperty("com.sun.management.jmxremote.localConnectorAddress"))
                        .as("a JVM without memscope keeps no JMX agent of ours").isNull();
            } finally {
                vm.detach();
            }
        }
    }
}
