package com.example.giftcards.support;

import org.springframework.core.Ordered;
import org.springframework.test.annotation.DirtiesContext.HierarchyMode;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * At most one application runs at a time, while test classes of the same configuration share one (Spring's context
 * cache). Every application consumes the shared broker's leg queues, so a second one would take another class's
 * messages: before a test class whose application is not the one running, the running one is closed and leaves the
 * cache, as {@code @DirtiesContext} would do. So is it before a test starts an application process wired to the same
 * broker ({@link AppProcess}). {@link SameApplicationTogether} runs the classes of one configuration one after another.
 * <p>
 * Registered for every Spring test in src/test/resources/META-INF/spring.factories.
 */
public final class OneApplicationAtATime implements TestExecutionListener, Ordered {

    /** The test context of the last class, while its application is still cached and running. */
    private static TestContext running;

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE; // before any listener could load the next class's application
    }

    @Override
    public void beforeTestClass(TestContext testContext) {
        if (!testContext.hasApplicationContext()) {
            closeRunning();
        }
    }

    @Override
    public void afterTestClass(TestContext testContext) {
        // this listener's afterTestClass runs last, after @DirtiesContext has had its say
        setRunning(testContext.hasApplicationContext() ? testContext : null);
    }

    /** Closes the application of the last test class, if it still runs, and removes it from the context cache. */
    public static synchronized void closeRunning() {
        if (running != null && running.hasApplicationContext()) {
            running.markApplicationContextDirty(HierarchyMode.EXHAUSTIVE);
        }
        running = null;
    }

    private static synchronized void setRunning(TestContext testContext) {
        running = testContext;
    }
}
