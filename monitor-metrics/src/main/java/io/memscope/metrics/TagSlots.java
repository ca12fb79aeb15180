package io.memscope.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Which allocator tags get a label value of their own: the first {@code maxTags} seen, first come, first served; every
 * later tag is {@link GpuMetricsOptions#OTHER_TAGS}. A label value is handed to {@code onNew} once, when it first
 * appears, so the caller can register its meters.
 *
 * <p>Thread-safe; {@link #label(String)} is one concurrent map read once the tag is known.
 */
final class TagSlots {
    private final ConcurrentHashMap<String, String> labels = new ConcurrentHashMap<>();
    private final int maxTags;
    private final Consumer<String> onNew;
    private boolean otherAnnounced;

    TagSlots(int maxTags, Consumer<String> onNew) {
        this.maxTags = maxTags;
        this.onNew = onNew;
    }

    /** The label value for {@code tag}: the tag itself, or {@link GpuMetricsOptions#OTHER_TAGS} past the cap. */
    String label(String tag) {
        String known = labels.get(tag);
        return known != null ? known : add(tag);
    }

    private synchronized String add(String tag) {
        String known = labels.get(tag);
        if (known != null) {
            return known;
        }
        // the map never holds more than maxTags own labels, plus the tags mapped to "_other"
        long own = labels.values().stream().filter(v -> !v.equals(GpuMetricsOptions.OTHER_TAGS)).count();
        String label = own < maxTags && !tag.equals(GpuMetricsOptions.OTHER_TAGS) ? tag : GpuMetricsOptions.OTHER_TAGS;
        if (label.equals(GpuMetricsOptions.OTHER_TAGS)) {
            if (!otherAnnounced) {
                otherAnnounced = true;
                onNew.accept(label);
            }
        } else {
            onNew.accept(label);
        }
        labels.put(tag, label);
        return label;
    }
}
