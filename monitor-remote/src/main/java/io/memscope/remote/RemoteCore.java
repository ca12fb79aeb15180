package io.memscope.remote;

/**
 * One memscope core in another JVM, as its {@code MemoryMonitorMXBean} showed it when it was listed.
 *
 * @param objectName the bean's JMX name, {@code io.memscope:type=MemoryMonitor,device="...",core=N}
 * @param deviceName the Vulkan device's name
 * @param name the monitor's name (its {@code MemoryMonitor.getName()} in the target)
 * @param coreId the core's id within its JVM (1, 2, ...); the {@code core} field of its JFR events
 * @param liveAllocations live allocations when it was listed
 */
public record RemoteCore(String objectName, String deviceName, String name, int coreId, long liveAllocations) {
}
