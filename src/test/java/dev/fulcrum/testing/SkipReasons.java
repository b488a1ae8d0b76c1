package dev.fulcrum.testing;

import org.jspecify.annotations.Nullable;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints why a test or a test class did not run, one line each, into the build's output: surefire only counts skips.
 * Covers disabled tests ({@code @Disabled}, {@code @EnabledIf...}) and aborted ones (a failed assumption, such as a
 * missing browser or data set). Registered through {@code META-INF/services}.
 */
public final class SkipReasons implements TestExecutionListener {

    private @Nullable TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        print(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            print(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
    }

    private void print(TestIdentifier test, @Nullable String reason) {
        System.out.println(
                "Skipped " + name(test) + ": " + (reason == null || reason.isBlank() ? "no reason given" : reason));
    }

    private String name(TestIdentifier test) {
        TestPlan current = plan;
        if (current == null || !test.isTest()) {
            return test.getDisplayName();
        }
        return current.getParent(test)
                .map(parent -> parent.getDisplayName() + " › " + test.getDisplayName())
                .orElse(test.getDisplayName());
    }
}
