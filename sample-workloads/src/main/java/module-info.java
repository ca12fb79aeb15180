/**
 * The sample workloads and the {@code memscope} command line. An application first: {@code ./memscope} runs it
 * from the class path ({@code java -jar sample-workloads.jar}, its {@code lib/} folder in the manifest's
 * {@code Class-Path}), where this descriptor is not read; it makes the compiler hold the module to monitor-core's,
 * monitor-export's and monitor-ui's exported packages.
 *
 * <p>Exported: {@code io.memscope.samples.workloads} (the workloads, for other code to drive).
 * Their signatures carry monitor-core's types, so monitor-core is transitive. The command line
 * ({@code io.memscope.samples.cli}) is opened to picocli only, which reads and sets its annotated fields by
 * reflection; the seed tour ({@code io.memscope.samples}) and the headless report ({@code .report}) are not
 * exported.
 */
@SuppressWarnings("requires-automatic")
module io.memscope.samples {
    requires static org.jspecify;
    requires transitive io.memscope.core;
    requires io.memscope.export;
    requires io.memscope.ui;
    requires io.memscope.remote;
    requires io.memscope.metrics;
    requires micrometer.registry.prometheus;
    requires jdk.httpserver;
    requires info.picocli;
    requires org.lwjgl.stb;
    requires xchart;

    exports io.memscope.samples.workloads;

    opens io.memscope.samples.cli to info.picocli;
}
