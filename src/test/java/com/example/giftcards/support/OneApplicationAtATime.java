package com.example.giftcards.support;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * At most one application runs at a time, while test classes of the same configuration share one (Spring's context
 * cache). Before a test class whose application is not the one running, the running one is closed: otherwise it
 * would keep consuming the shared broker's leg queues, and take the new class's messages. The cache holds one
 * application (src/test/resources/spring.properties), so the closed one leaves it when the next one is put there;
 * {@link SameApplicationTogether} runs the classes of one configuration one after another.
 * <p>
 * Registered for every Spring test in src/test/resources/META-INF/spring.factories.
 */
public final class OneApplicationAtATime implements TestExecutionListener, Ordered {

    private static ConfigurableApplicationContext running;

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE; // before any listener could load the next class's application
    }

    @Override
    public void beforeTestClass(TestContext testContext) {
        if (running != null && !testContext.hasApplicationContext()) {
            running.close();
            running = null;
        }
    }

    @Override
    public void afterTestClass(TestContext testContext) {
        // after @DirtiesContext has had its say (this listener's afterTestClass runs last): still there, still running
        ApplicationContext context = testContext.hasApplicationContext() ? testContext.getApplicationContext() : null;
        running = context instanceof ConfigurableApplicationContext configurable && configurable.isActive() ? configurable : null;
    }
}
