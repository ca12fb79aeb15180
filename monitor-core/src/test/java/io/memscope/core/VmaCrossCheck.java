package io.memscope.core;

import io.memscope.core.exceptions.AllocatorClosedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After every Jupiter test, every {@link AllocatorCore} still open on the shared {@link TestDevice} is
 * cross-checked against VMA: its figures against {@code vmaCalculateStatistics} in total, per heap and per memory
 * type ({@link VmaTruth#assertLedgerMatchesVma(CoreEngine)}), and its free ranges against those in VMA's detailed
 * JSON ({@link VmaTruth#assertFreeRangesMatchVmaJson(CoreEngine)}). A difference fails the test.
 *
 * <p><b>Which cores.</b> Those open on the shared device right after the test method returns or throws, found in
 * the device's own registry ({@link OpenCores}), however the test created them. Cores the test closed are gone
 * from it and not checked; so is a core on a private {@link VulkanContext} of the test. The check runs as an
 * {@link AfterTestExecutionCallback}, i.e. before the class's {@code @AfterEach} methods, so cores kept in fields
 * and closed there are checked. A core open before the test started ({@code @BeforeAll}, or left open by an
 * earlier test) is checked too, and the failure says so.
 *
 * <p><b>Registered</b> for every Jupiter test by auto-detection:
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension} and
 * {@code junit.jupiter.extensions.autodetection.enabled=true} in {@code junit-platform.properties}. The modules
 * that use monitor-core's test-jar get both with it. jqwik properties run on jqwik's engine, not Jupiter's, and
 * check after every step themselves.
 *
 * <p>Each check holds the core's lock, so a thread still allocating cannot make ledger and VMA disagree.
 */
public final class VmaCrossCheck implements BeforeEachCallback, AfterTestExecutionCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(VmaCrossCheck.class);
    private static final String OPEN_BEFORE = "coresOpenBeforeTheTest";

    @Override
    public void beforeEach(ExtensionContext context) {
        Set<CoreEngine> openBefore = Collections.newSetFromMap(new IdentityHashMap<>());
        VulkanContext device = TestDevice.openContext();
        if (device != null) {
            openBefore.addAll(OpenCores.on(device));
        }
        context.getStore(NAMESPACE).put(OPEN_BEFORE, openBefore);
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        VulkanContext device = TestDevice.openContext();
        if (device == null) {
            return; // the test used no core on the shared device
        }
        Set<?> openBefore = context.getStore(NAMESPACE).getOrDefault(OPEN_BEFORE, Set.class, Set.of());
        List<AssertionError> failures = new ArrayList<>();
        for (CoreEngine engine : OpenCores.on(device)) {
            try {
                VmaTruth.assertLedgerMatchesVma(engine);
                VmaTruth.assertFreeRangesMatchVmaJson(engine);
            } catch (AllocatorClosedException e) {
                // closed by another thread since it was listed: nothing left to compare
            } catch (AssertionError e) {
                String origin = openBefore.contains(engine)
                        ? "open before this test (@BeforeAll, or left open by an earlier test)" : "opened by this test";
                failures.add(new AssertionError("VMA cross-check after " + context.getDisplayName() + ": " + engine
                        + ", " + origin + ": memscope's ledger differs from VMA: " + e.getMessage(), e));
            }
        }
        if (!failures.isEmpty()) {
            AssertionError first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }
}
