package io.memscope.core.management;

import io.memscope.core.event.AllocationInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/**
 * "Who allocated it": a set of live allocations grouped by the call stack that allocated each one, as trees
 * ({@link #topDown()}, {@link #bottomUp()}) and as a flat list of distinct stacks ({@link #paths()}). Bytes are
 * {@link AllocationInfo#allocatedBytes()} (what VMA reserved). Allocations without a recorded stack (stacks were off,
 * sampled out, not of a selected tag, or older than the recording) are one node, {@value #NO_STACK}, so the totals
 * always equal the live bytes and count.
 *
 * <p>Immutable; thread-safe. Building costs O(allocations × stack depth) time and, for the trees, one node per
 * distinct (path prefix); the stacks themselves are shared with the source.
 */
public final class CallSites {
    /** The label of the node of allocations without a stack. */
    public static final String NO_STACK = "(no stack recorded)";
    /** The label of each tree's root. */
    public static final String ROOT = "all live allocations";

    /**
     * One node of a tree: the allocations whose stack passes through {@code frame} at this place of the tree.
     *
     * @param label the frame in words ({@link StackFrame#toString()}), {@value #NO_STACK} or {@value #ROOT}
     * @param frame the frame; null for the root and the no-stack node
     * @param bytes reserved bytes of the allocations through this node (its total)
     * @param count allocations through this node
     * @param selfBytes bytes of those allocated right here: this node is their allocating (innermost) frame — in the
     *        top-down tree a leaf end of their path, in the bottom-up tree the first level under the root (where self
     *        equals the total); the no-stack node's self is its total
     * @param selfCount allocations made right here
     * @param children by bytes, largest first (then by label)
     */
    public record Node(String label, @Nullable StackFrame frame, long bytes, int count, long selfBytes, int selfCount,
                       List<Node> children) {
        public Node {
            children = List.copyOf(children);
        }

        /** This node's share of {@code total} bytes, 0..1 (0 when the total is 0). */
        public double shareOf(long total) {
            return total == 0 ? 0 : (double) bytes / total;
        }
    }

    /**
     * One distinct stack and the live allocations it made.
     *
     * @param stack the stack; null for the allocations without one
     * @param bytes their reserved bytes
     * @param count how many
     */
    public record Path(@Nullable CallStack stack, long bytes, int count) {
        /** The frames joined outermost first by {@code ;} (the "folded" form flame-graph tools read). */
        public String folded() {
            if (stack == null) {
                return NO_STACK;
            }
            List<StackFrame> frames = stack.frames();
            StringBuilder out = new StringBuilder();
            for (int i = frames.size() - 1; i >= 0; i--) {
                out.append(frames.get(i));
                if (i > 0) {
                    out.append(';');
                }
            }
            return out.toString();
        }
    }

    private final long liveBytes;
    private final int allocationCount;
    private final int withStack;
    private final @Nullable String unavailable;
    private final List<Path> paths;
    private final Node topDown;
    private final Node bottomUp;

    private CallSites(List<AllocationInfo> live, LongFunction<@Nullable CallStack> stacks, @Nullable String unavailable) {
        this.unavailable = unavailable;
        Map<@Nullable CallStack, long[]> byStack = new HashMap<>();
        long bytes = 0;
        int stacked = 0;
        for (AllocationInfo a : live) {
            CallStack stack = unavailable == null ? stacks.apply(a.id()) : null;
            long[] sums = byStack.computeIfAbsent(stack, s -> new long[2]);
            sums[0] += a.allocatedBytes();
            sums[1]++;
            bytes += a.allocatedBytes();
            stacked += stack != null ? 1 : 0;
        }
        this.liveBytes = bytes;
        this.allocationCount = live.size();
        this.withStack = stacked;
        List<Path> list = new ArrayList<>();
        byStack.forEach((stack, sums) -> list.add(new Path(stack, sums[0], (int) sums[1])));
        list.sort(Comparator.comparingLong(Path::bytes).reversed().thenComparing(Path::folded));
        this.paths = List.copyOf(list);
        this.topDown = build(false);
        this.bottomUp = build(true);
    }

    /**
     * The call sites of {@code live}, each allocation's stack found by its id.
     *
     * @param stacks the stack of an allocation id, or null if none was recorded
     */
    public static CallSites of(List<AllocationInfo> live, LongFunction<@Nullable CallStack> stacks) {
        return new CallSites(live, stacks, null);
    }

    /** Call sites that cannot be known here ({@code reason} says why): every allocation is {@value #NO_STACK}. */
    public static CallSites unavailable(List<AllocationInfo> live, String reason) {
        return new CallSites(live, id -> null, Objects.requireNonNull(reason, "reason"));
    }

    /** The tree with the outermost frames (threads' entry points) as roots' children, callees below callers. */
    public Node topDown() {
        return topDown;
    }

    /** The tree with the allocating frames (where memscope was called) as roots' children, callers below. */
    public Node bottomUp() {
        return bottomUp;
    }

    /** Each distinct stack with its bytes and count, largest first; the no-stack allocations as one path. */
    public List<Path> paths() {
        return paths;
    }

    /** Reserved bytes of all the allocations (= each tree's root bytes). */
    public long liveBytes() {
        return liveBytes;
    }

    /** How many allocations. */
    public int allocationCount() {
        return allocationCount;
    }

    /** How many of them have a stack. */
    public int withStack() {
        return withStack;
    }

    /** Whether any allocation has a stack. */
    public boolean hasStacks() {
        return withStack > 0;
    }

    /** Why this source cannot know stacks at all (an in-process monitor, say); empty where it can. */
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(unavailable);
    }

    private Node build(boolean bottomUp) {
        Builder root = new Builder(ROOT, null);
        for (Path path : paths) {
            root.add(path);
            CallStack stack = path.stack();
            if (stack == null) {
                root.child(NO_STACK, null).add(path).end(path);
                continue;
            }
            List<StackFrame> frames = stack.frames();
            Builder at = root;
            int n = frames.size();
            if (n == 0) {
                root.end(path); // every frame was memscope's own
            }
            for (int i = 0; i < n; i++) {
                StackFrame frame = frames.get(bottomUp ? i : n - 1 - i);
                at = at.child(frame.toString(), frame).add(path);
                if (bottomUp ? i == 0 : i == n - 1) {
                    at.end(path); // the allocating frame
                }
            }
        }
        return root.toNode();
    }

    private static final class Builder {
        final String label;
        final @Nullable StackFrame frame;
        long bytes;
        long count;
        long selfBytes;
        long selfCount;
        final Map<String, Builder> children = new LinkedHashMap<>();

        Builder(String label, @Nullable StackFrame frame) {
            this.label = label;
            this.frame = frame;
        }

        Builder child(String childLabel, @Nullable StackFrame childFrame) {
            return children.computeIfAbsent(childLabel, l -> new Builder(l, childFrame));
        }

        Builder add(Path path) {
            bytes += path.bytes();
            count += path.count();
            return this;
        }

        void end(Path path) {
            selfBytes += path.bytes();
            selfCount += path.count();
        }

        Node toNode() {
            List<Node> nodes = new ArrayList<>(children.size());
            for (Builder b : children.values()) {
                nodes.add(b.toNode());
            }
            nodes.sort(Comparator.comparingLong(Node::bytes).reversed().thenComparing(Node::label));
            return new Node(label, frame, bytes, (int) count, selfBytes, (int) selfCount, nodes);
        }
    }
}
