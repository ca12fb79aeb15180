package io.memscope.samples.cli;

import io.memscope.remote.LocalJvms;
import io.memscope.remote.MemscopeJvm;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The target of {@code monitor} and {@code record} when no {@code --pid} is given: the only memscope JVM here. */
final class TargetChoice {
    private TargetChoice() {
    }

    /**
     * The pid of the only JVM of this user on this host using memscope; with {@code wait}, the first to appear.
     *
     * @throws ParameterException (exit 2) when there is none, or several
     */
    static long only(CommandSpec spec, boolean wait) throws InterruptedException {
        List<MemscopeJvm> jvms = LocalJvms.list();
        if (jvms.isEmpty() && wait) {
            System.out.println("memscope: waiting for a JVM using memscope on this host ...");
            while (jvms.isEmpty()) {
                TimeUnit.SECONDS.sleep(1); // polling the host's JVMs, not synchronising threads
                jvms = LocalJvms.list();
            }
        }
        if (jvms.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no JVM of this user on this host uses memscope (start "
                    + "one, e.g. './memscope run terrain --seconds 600 &'"
                    + (wait || spec.findOption("--wait") == null ? ")" : ", or add --wait)"));
        }
        if (jvms.size() > 1) {
            StringBuilder choices = new StringBuilder();
            for (MemscopeJvm jvm : jvms) {
                choices.append(choices.length() == 0 ? "" : ", ").append(jvm.pid()).append(" (")
                        .append(jvm.displayName()).append(')');
            }
            throw new ParameterException(spec.commandLine(), jvms.size() + " JVMs use memscope: " + choices
                    + "; choose one with --pid");
        }
        return jvms.get(0).pid();
    }
}
