package io.memscope.remote;

import java.util.List;

/**
 * A JVM on this host with at least one open memscope core, as {@link LocalJvms} found it. A value: it does not
 * change when the JVM does.
 *
 * @param pid the process id
 * @param displayName the JVM's display name (its main class or jar and arguments, as the Attach API lists it)
 * @param cores its cores, by core id
 */
public record MemscopeJvm(long pid, String displayName, List<RemoteCore> cores) {
    public MemscopeJvm {
        cores = List.copyOf(cores);
    }
}
