/**
 * Kotlin extensions for memscope: {@code Flow} views of every {@code MemoryMonitor} stream, suspending
 * defragmentation, a request DSL and size units.
 *
 * <p>Exported: {@code io.memscope.kotlin}, the module's one package. Its signatures carry monitor-core's types,
 * Kotlin's standard library and kotlinx-coroutines' {@code Flow}, so those are transitive. The sources are
 * Kotlin: kotlinc reads this descriptor (it sees {@code src/main/java} too) and checks the Kotlin code against
 * it; javac compiles only this file, after kotlinc, against the Kotlin classes in {@code target/classes}.
 */
module io.memscope.kotlin {
    requires transitive io.memscope.core;
    requires transitive kotlin.stdlib;
    requires transitive kotlinx.coroutines.core;
    requires kotlinx.coroutines.reactive;

    exports io.memscope.kotlin;
}
