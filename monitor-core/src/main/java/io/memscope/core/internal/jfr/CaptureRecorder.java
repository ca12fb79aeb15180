package io.memscope.core.internal.jfr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM's one memscope capture: a Flight Recorder recording of every memscope event of every core, plus the
 * chunk-start layout and state events ({@link ChunkStates}) and {@code jdk.DataLoss}, written to disk as it goes
 * (JFR's repository) and to its destination file when it stops or the JVM exits in order.
 *
 * <p>Thread-safe (static, synchronized). Cost while no capture runs: nothing.
 */
public final class CaptureRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureRecorder.class);
    /** The system property that starts a capture to its file when the first core is created. */
    public static final String PROPERTY = "memscope.capture";
    /** The system property with that capture's call-stack selection ({@link SiteSelection}; default none). */
    public static final String CALL_STACKS_PROPERTY = "memscope.capture.callStacks";

    private static @Nullable Recording current;
    private static @Nullable Path currentFile;
    private static boolean propertyHandled;

    private CaptureRecorder() {
    }

    /**
     * The recording settings of a capture: allocations, frees and moves as batched {@code memscope.AllocationRecords},
     * every other memscope event type as its own event, the layout and state events at every chunk start,
     * {@code jdk.DataLoss}. Usable with {@code new Recording(Map)} or {@code FlightRecorderMXBean}.
     */
    public static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(AllocationRecordsJfrEvent.NAME + "#enabled", "true");
        for (Class<? extends jdk.jfr.Event> type : JfrBridge.EVENT_CLASSES) {
            if (type != AllocationJfrEvent.class && type != FreeJfrEvent.class && type != MoveJfrEvent.class) {
                settings.put(nameOf(type) + "#enabled", "true");
            }
        }
        for (Class<? extends jdk.jfr.Event> type : JfrBridge.STATE_EVENT_CLASSES) {
            settings.put(nameOf(type) + "#enabled", "true");
            settings.put(nameOf(type) + "#period", "beginChunk");
        }
        settings.put(MemoryBlocksJfrEvent.NAME + "#enabled", "true");
        settings.put("jdk.DataLoss#enabled", "true");
        return settings;
    }

    private static String nameOf(Class<?> type) {
        return Objects.requireNonNull(type.getAnnotation(Name.class), type.getName()).value();
    }

    /**
     * Checks that {@code file} can be written: its folder exists and is writable, it is no folder itself and, if it
     * exists, it is writable. Returns the absolute path.
     *
     * @throws IllegalArgumentException naming the file and the reason
     */
    public static Path checkWritable(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path folder = absolute.getParent();
        String prefix = "cannot write a memscope capture to " + absolute + ": ";
        if (Files.isDirectory(absolute)) {
            throw new IllegalArgumentException(prefix + "it is a folder");
        }
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IllegalArgumentException(prefix + "folder " + folder + " does not exist");
        }
        if (!Files.isWritable(folder)) {
            throw new IllegalArgumentException(prefix + "folder " + folder + " is not writable");
        }
        if (Files.exists(absolute) && !Files.isRegularFile(absolute)) {
            throw new IllegalArgumentException(prefix + "it is not a regular file (a pipe or a device?)");
        }
        if (Files.exists(absolute) && !Files.isWritable(absolute)) {
            throw new IllegalArgumentException(prefix + "the file is not writable");
        }
        return absolute;
    }

    /**
     * Starts the capture to {@code file}.
     *
     * @param maxSizeBytes how much the recording keeps on disk, at most (older chunks are dropped), {@code > 0}
     * @param maxAge how old its oldest chunk may get; {@link Duration#ZERO} for no limit
     * @param callStacks which allocations get their call stack ({@link SiteSelection} form; {@code none}: off)
     * @throws IllegalStateException if a capture runs already
     * @throws IllegalArgumentException if {@code file} cannot be written or {@code callStacks} does not parse
     *     (nothing started)
     */
    public static synchronized Path start(Path file, long maxSizeBytes, Duration maxAge, String callStacks) {
        if (current != null) {
            throw new IllegalStateException("a memscope capture is already running, to " + currentFile
                    + "; stop it first");
        }
        if (maxSizeBytes <= 0) {
            throw new IllegalArgumentException("maxSizeBytes must be positive: " + maxSizeBytes);
        }
        Map<String, String> stackSettings = AllocationSites.settings(callStacks);
        Path absolute = checkWritable(file);
        JfrBridge.registerEventTypes();
        ChunkStates.ensureHooks();
        Map<String, String> settings = settings();
        settings.putAll(stackSettings);
        Recording recording = new Recording(settings);
        try {
            recording.setName("memscope capture");
            recording.setToDisk(true);
            recording.setMaxSize(maxSizeBytes);
            if (!maxAge.isZero() && !maxAge.isNegative()) {
                recording.setMaxAge(maxAge);
            }
            recording.setDestination(absolute);
            recording.setDumpOnExit(true);
            recording.start();
        } catch (IOException | RuntimeException e) {
            recording.close();
            throw new IllegalArgumentException("cannot write a memscope capture to " + absolute + ": " + e.getMessage(),
                    e);
        }
        current = recording;
        currentFile = absolute;
        LOG.info("memscope capture started, to {}", absolute);
        return absolute;
    }

    /**
     * Stops the capture and writes its file.
     *
     * @return the file written
     * @throws IllegalStateException if no capture runs
     */
    public static synchronized Path stop() {
        Recording recording = current;
        Path file = currentFile;
        if (recording == null || file == null) {
            throw new IllegalStateException("no memscope capture is running");
        }
        current = null;
        currentFile = null;
        ChunkStates.awaitCommitted(); // events recorded before stop() are committed by the bridges asynchronously
        try {
            recording.stop(); // writes the destination
        } finally {
            recording.close();
        }
        LOG.info("memscope capture written to {}", file);
        return file;
    }

    /** The file of the running capture, or null. */
    public static synchronized @Nullable Path running() {
        return currentFile;
    }

    /**
     * Starts a capture to the file named by {@code -Dmemscope.capture}, once per JVM (the first core created), with
     * the default limits and the call stacks of {@code -Dmemscope.capture.callStacks}; nothing if the property is unset or a capture runs already.
     *
     * @throws IllegalArgumentException if the file cannot be written
     */
    public static synchronized void startFromProperty(long maxSizeBytes) {
        if (propertyHandled) {
            return;
        }
        propertyHandled = true;
        String file = System.getProperty(PROPERTY);
        if (file == null || file.isBlank() || current != null) {
            return;
        }
        String stacks = System.getProperty(CALL_STACKS_PROPERTY, "none");
        try {
            AllocationSites.settings(stacks);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + CALL_STACKS_PROPERTY + ": " + e.getMessage(), e);
        }
        start(Path.of(file), maxSizeBytes, Duration.ZERO, stacks);
    }
}
