/**
 * memscope's core: a safe, observable facade over the Vulkan Memory Allocator (VMA) as LWJGL binds it — the
 * allocator, the ledger of live allocations, figures and budgets, defragmentation, event streams and Flight
 * Recorder events. No JavaFX.
 *
 * <p>Exported: {@code io.memscope.core} (the API), {@code io.memscope.core.event} (the sealed event hierarchy),
 * {@code io.memscope.core.stats} (figure records), {@code io.memscope.core.exceptions} and
 * {@code io.memscope.core.management} (the per-core MXBean, its client and the decoder of memscope's JFR events). The engine is
 * package-private inside {@code io.memscope.core}; {@code io.memscope.core.internal} and its sub-packages (the
 * event hub, JFR events, helpers) are not exported.
 */
module io.memscope.core {
    requires transitive org.lwjgl;
    requires transitive org.lwjgl.vulkan;
    requires transitive io.reactivex.rxjava3;
    requires static transitive org.jspecify;
    requires static com.google.errorprone.annotations;
    requires org.lwjgl.vma;
    requires org.jctools.core;
    requires org.slf4j;
    requires transitive jdk.jfr;
    requires transitive java.management;

    exports io.memscope.core;
    exports io.memscope.core.event;
    exports io.memscope.core.stats;
    exports io.memscope.core.exceptions;
    exports io.memscope.core.management;
}
