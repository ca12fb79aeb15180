package io.memscope.remote;

import com.sun.tools.attach.VirtualMachineDescriptor;
import io.memscope.remote.AttachException.Reason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVMs on this host that run memscope: found with the JDK Attach API, inspected through each one's local
 * management agent (JMX), which this starts if it is not running. Local and same-user only; nothing listens on a
 * network port.
 *
 * <p><b>Cost.</b> {@link #list()} attaches to every JVM the Attach API lists (tens to hundreds of milliseconds each,
 * in sequence) and reads one system property ({@code memscope.mxbeans}, set by a JVM once it opened a memscope core);
 * only JVMs that have it get their local management agent started (it stays running) and are asked over JMX;
 * {@link #inspect(long)} does that for one JVM.
 * Thread-safe (no state).
 */
public final class LocalJvms {
    private static final Logger LOG = LoggerFactory.getLogger(LocalJvms.class);

    private LocalJvms() {
    }

    /**
     * Every other JVM on this host with at least one open memscope core, by pid. JVMs that refuse the attach, cannot
     * start their agent, go away meanwhile or have no memscope core are left out (logged at debug level). This JVM
     * is never listed.
     */
    public static List<MemscopeJvm> list() {
        List<MemscopeJvm> found = new ArrayList<>();
        for (Map.Entry<Long, VirtualMachineDescriptor> jvm : TargetConnection.otherJvms().entrySet()) {
            long pid = jvm.getKey();
            VirtualMachineDescriptor descriptor = jvm.getValue();
            try (TargetConnection connection = TargetConnection.open(pid, descriptor)) {
                List<RemoteCore> cores = connection.cores();
                if (cores.isEmpty()) {
                    LOG.debug("pid {} ({}): no memscope core", pid, descriptor.displayName());
                } else {
                    found.add(new MemscopeJvm(pid, descriptor.displayName(), cores));
                }
            } catch (AttachException | SecurityException e) {
                LOG.debug("pid {} left out: {}", pid, e.getMessage());
            }
        }
        found.sort(Comparator.comparingLong(MemscopeJvm::pid));
        return found;
    }

    /**
     * The memscope JVM {@code pid} (this JVM too, without attaching).
     *
     * @throws AttachException if there is no such process ({@link Reason#NO_SUCH_PROCESS}), it is no JVM or refuses
     *         the attach ({@link Reason#NOT_A_JVM_OR_ATTACH_REFUSED}), cannot start its local management agent
     *         ({@link Reason#AGENT_NOT_STARTABLE}), the connection fails ({@link Reason#CONNECTION_FAILED}), or it
     *         has no open memscope core ({@link Reason#NOT_MEMSCOPE}); the message names the pid and what to do
     */
    public static MemscopeJvm inspect(long pid) {
        try (TargetConnection connection = TargetConnection.open(pid, null)) {
            return new MemscopeJvm(pid, connection.displayName(), connection.openCores());
        }
    }
}
