package io.memscope.export;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which colour each tag gets wherever memscope draws tags: the memory map (dashboard and PNG), its legend and the
 * dashboard's tag table. Tags get the colours of {@link #PALETTE} in order: {@link #of} numbers a set of tags by
 * name; {@link #withTags} keeps the colours given so far and numbers only the new tags, so a live view's colours do
 * not shift as tags come and go. After twelve tags the palette repeats.
 *
 * <p>Immutable; thread-safe. Cost: O(1) per look-up; O(t log t) to extend by t tags.
 */
public final class TagColors {
    /** The palette, as 0xRRGGBB: twelve hues that stay apart from the map's grey free space and from each other. */
    public static final List<Integer> PALETTE = List.of(0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f, 0xedc948,
            0xb07aa1, 0xff9da7, 0x9c755f, 0x2f4b7c, 0xbcbd22, 0x17becf);
    /** The colour of a tag this assignment does not know: mid grey, as 0xRRGGBB. */
    public static final int UNKNOWN = 0x7f7f7f;
    /** No tags yet. */
    public static final TagColors EMPTY = new TagColors(new LinkedHashMap<>());

    private final Map<String, Integer> colors;

    private TagColors(LinkedHashMap<String, Integer> colors) {
        this.colors = colors;
    }

    /** The colours of {@code tags}, numbered in their natural (name) order. */
    public static TagColors of(Collection<String> tags) {
        return EMPTY.withTags(tags);
    }

    /** This assignment plus {@code tags} not in it yet, numbered after the known ones in name order. */
    public TagColors withTags(Collection<String> tags) {
        TreeSet<String> fresh = new TreeSet<>();
        for (String tag : tags) {
            if (!colors.containsKey(tag)) {
                fresh.add(tag);
            }
        }
        if (fresh.isEmpty()) {
            return this;
        }
        LinkedHashMap<String, Integer> extended = new LinkedHashMap<>(colors);
        for (String tag : fresh) {
            extended.put(tag, PALETTE.get(extended.size() % PALETTE.size()));
        }
        return new TagColors(extended);
    }

    /** The colour of {@code tag} as 0xRRGGBB; {@link #UNKNOWN} for a tag it does not know. */
    public int rgb(String tag) {
        Integer rgb = colors.get(tag);
        return rgb == null ? UNKNOWN : rgb;
    }

    /** The colour of {@code tag} as CSS ({@code "#4e79a7"}), for JavaFX styles. */
    public String css(String tag) {
        return String.format("#%06x", rgb(tag));
    }

    /** The tags it knows, in the order their colours were given. */
    public List<String> tags() {
        return new ArrayList<>(colors.keySet());
    }
}
