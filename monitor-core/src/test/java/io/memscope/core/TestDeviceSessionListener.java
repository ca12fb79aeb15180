package io.memscope.core;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Closes the shared {@link TestDevice} when the test run ends, before the JVM starts to exit. */
public final class TestDeviceSessionListener implements LauncherSessionListener {
    @Override
    public void launcherSessionClosed(LauncherSession session) {
        TestDevice.close();
    }
}
