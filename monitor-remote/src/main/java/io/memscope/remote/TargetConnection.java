package io.memscope.remote;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import io.memscope.core.management.MemoryMonitorClient;
import io.memscope.core.management.MemoryMonitorMXBean;
import io.memscope.remote.AttachException.Reason;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import jdk.management.jfr.FlightRecorderMXBean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JMX connection to a JVM on this host: Attach API, the target's local management agent (started if it is not
 * running; local only, same user), a connector to its address. This JVM itself is reached through the platform MBean
 * server, without attaching. Not thread-safe to open; {@link #close()} is idempotent.
 */
final class TargetConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TargetConnection.class);
    private static final long ATTACH_TIMEOUT_SECONDS = 10;
    /** RMI's read timeout (JMX calls to a target that stopped answering fail instead of waiting forever). */
    private static final String RMI_RESPONSE_TIMEOUT = "sun.rmi.transport.tcp.responseTimeout";

    static {
        if (System.getProperty(RMI_RESPONSE_TIMEOUT) == null) {
            System.setProperty(RMI_RESPONSE_TIMEOUT, Long.toString(TimeUnit.SECONDS.toMillis(15)));
        }
    }

    private final long pid;
    private final String displayName;
    private final @Nullable JMXConnector connector;
    private final MBeanServerConnection mbeans;

    private TargetConnection(long pid, String displayName, @Nullable JMXConnector connector,
                             MBeanServerConnection mbeans) {
        this.pid = pid;
        this.displayName = displayName;
        this.connector = connector;
        this.mbeans = mbeans;
    }

    /**
     * Connects to {@code pid}, with its display name if the Attach API listed it already.
     *
     * <p>BanJNDI: the JMX address is the one the target's own local agent returned through the Attach API (a local
     * RMI stub of a process of this user); what comes over it is what any JMX console of this user would accept.
     */
    static TargetConnection open(long pid, @Nullable VirtualMachineDescriptor listed) {
        if (pid == ProcessHandle.current().pid()) {
            return new TargetConnection(pid, "this JVM", null, ManagementFactory.getPlatformMBeanServer());
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            throw new AttachException(Reason.NO_SUCH_PROCESS, pid, "pid " + pid
                    + ": no such process (the memscope JVMs on this host: './memscope monitor --list', or LocalJvms.list())",
                    null);
        }
        VirtualMachineDescriptor descriptor = listed != null ? listed : find(pid);
        if (descriptor == null) {
            // Not listed: not a HotSpot JVM, another user's, attach disabled or no perf data. Attaching anyway
            // would send SIGQUIT to a process that may not handle it.
            throw new AttachException(Reason.NOT_A_JVM_OR_ATTACH_REFUSED, pid, "pid " + pid
                    + " is not a JVM that accepts attach (not Java, another user's, or started with"
                    + " -XX:+DisableAttachMechanism or -XX:-UsePerfData): run it as this user without those flags",
                    null);
        }
        return withinAttachTimeout(pid, () -> connect(pid, descriptor));
    }

    /**
     * Runs the attach on a thread of its own and gives up after {@value #ATTACH_TIMEOUT_SECONDS} s: a stopped JVM
     * (SIGSTOP, a debugger) accepts the attach socket and never answers, and the Attach API waits forever then.
     */
    private static TargetConnection withinAttachTimeout(long pid, Callable<TargetConnection> attach) {
        FutureTask<TargetConnection> task = new FutureTask<>(attach);
        Thread thread = new Thread(task, "memscope-attach-" + pid);
        thread.setDaemon(true); // a stuck attach must not keep this JVM alive
        thread.start();
        try {
            return task.get(ATTACH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new AttachException(Reason.NOT_A_JVM_OR_ATTACH_REFUSED, pid, "pid " + pid + " did not answer the attach"
                    + " within " + ATTACH_TIMEOUT_SECONDS + " s (is it stopped, by SIGSTOP or a debugger?)", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AttachException(Reason.CONNECTION_FAILED, pid, "pid " + pid + ": attaching failed (" + cause + ")",
                    cause);
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new AttachException(Reason.CONNECTION_FAILED, pid, "pid " + pid + ": interrupted while attaching", e);
        }
    }

    @SuppressWarnings("BanJNDI")
    private static TargetConnection connect(long pid, VirtualMachineDescriptor descriptor) {
        String address;
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(descriptor);
        } catch (AttachNotSupportedException | IOException | RuntimeException e) {
            throw new AttachException(Reason.NOT_A_JVM_OR_ATTACH_REFUSED, pid, "pid " + pid + " refused the attach ("
                    + e.getMessage() + "): run it as this user, without -XX:+DisableAttachMechanism", e);
        }
        try {
            if (vm.getSystemProperties().getProperty(MemoryMonitorMXBean.MARKER_PROPERTY) == null) {
                // checked before the agent starts: a JVM that never used memscope keeps no JMX agent of ours
                throw new AttachException(Reason.NOT_MEMSCOPE, pid, "pid " + pid + " (" + descriptor.displayName()
                        + ") has never opened a memscope core: it must create an AllocatorCore (monitor-core) first",
                        null);
            }
            address = vm.startLocalManagementAgent();
        } catch (AttachException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new AttachException(Reason.AGENT_NOT_STARTABLE, pid, "pid " + pid
                    + " could not start its local JMX agent (" + e.getMessage()
                    + "): start it with -Dcom.sun.management.jmxremote, or check that it has the java.management module",
                    e);
        } finally {
            detachQuietly(vm);
        }
        try {
            JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
            return new TargetConnection(pid, descriptor.displayName(), connector,
                    connector.getMBeanServerConnection());
        } catch (IOException | RuntimeException e) {
            throw new AttachException(Reason.CONNECTION_FAILED, pid, "pid " + pid + ": the JMX connection to "
                    + address + " failed (" + e.getMessage() + "): check that the process still runs and retry", e);
        }
    }

    /** The JVMs the Attach API lists now, by pid, without this one. */
    static Map<Long, VirtualMachineDescriptor> otherJvms() {
        long self = ProcessHandle.current().pid();
        Map<Long, VirtualMachineDescriptor> jvms = new LinkedHashMap<>();
        for (VirtualMachineDescriptor descriptor : VirtualMachine.list()) {
            try {
                long pid = Long.parseLong(descriptor.id());
                if (pid != self) {
                    jvms.put(pid, descriptor);
                }
            } catch (NumberFormatException e) {
                // not a pid: not a local HotSpot JVM we could attach to
            }
        }
        return jvms;
    }

    private static @Nullable VirtualMachineDescriptor find(long pid) {
        String id = Long.toString(pid);
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            if (d.id().equals(id)) {
                return d;
            }
        }
        return null;
    }

    private static void detachQuietly(VirtualMachine vm) {
        try {
            vm.detach();
        } catch (IOException e) {
            LOG.debug("detaching from {}: {}", vm.id(), e.toString());
        }
    }

    long pid() {
        return pid;
    }

    String displayName() {
        return displayName;
    }

    MBeanServerConnection mbeans() {
        return mbeans;
    }

    @Nullable JMXConnector connector() {
        return connector;
    }

    /** The memscope cores registered now, by core id; a bean that goes away meanwhile is left out. */
    List<RemoteCore> cores() {
        List<RemoteCore> cores = new ArrayList<>();
        List<ObjectName> names;
        try {
            names = MemoryMonitorClient.find(mbeans);
        } catch (RuntimeException e) {
            throw new AttachException(Reason.CONNECTION_FAILED, pid, "pid " + pid + ": querying its memscope beans failed ("
                    + e + "): check that the process still runs and retry", e);
        }
        for (ObjectName name : names) {
            try {
                MemoryMonitorMXBean bean = JMX.newMXBeanProxy(mbeans, name, MemoryMonitorMXBean.class);
                cores.add(new RemoteCore(name.toString(), bean.getDeviceName(), bean.getName(), bean.getCoreId(),
                        bean.getLiveAllocationCount()));
            } catch (RuntimeException e) {
                LOG.debug("pid {}: bean {} went away while listing: {}", pid, name, e.toString());
            }
        }
        return cores;
    }

    /** A proxy of the target's Flight Recorder MXBean; cheap (no call until it is used). */
    FlightRecorderMXBean flightRecorder() {
        try {
            return JMX.newMXBeanProxy(mbeans, new ObjectName(FlightRecorderMXBean.MXBEAN_NAME), FlightRecorderMXBean.class);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@link #cores()}, refusing a JVM that has none open.
     *
     * @throws AttachException {@link Reason#NOT_MEMSCOPE} naming the pid and what to do
     */
    List<RemoteCore> openCores() {
        List<RemoteCore> cores = cores();
        if (cores.isEmpty()) {
            throw new AttachException(Reason.NOT_MEMSCOPE, pid, "pid " + pid + " (" + displayName
                    + ") has no open memscope core: it must create an AllocatorCore (monitor-core) first", null);
        }
        return cores;
    }

    @Override
    public void close() {
        if (connector != null) {
            try {
                connector.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("pid {}: closing the JMX connection: {}", pid, e.toString());
            }
        }
    }
}
