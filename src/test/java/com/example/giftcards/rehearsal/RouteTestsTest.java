package com.example.giftcards.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.example.giftcards.GiftCardIntegrationApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The route tests the integration team writes ({@code routes/tests/*.yaml}), one dynamic test per case, so that CI
 * runs them on every change - the same cases as {@code java -jar … --test-routes routes/}.
 */
class RouteTestsTest {

    static final Path ROUTES = Path.of("routes").toAbsolutePath();
    private static Rehearsal rehearsal;

    @TestFactory
    Stream<DynamicTest> everyShippedRouteTestPasses() throws Exception {
        List<Path> cases = RouteTestCase.files(ROUTES.resolve("tests"));
        assertThat(cases).as("the shipped route tests").hasSizeGreaterThanOrEqualTo(10);
        rehearsal = Rehearsal.start(GiftCardIntegrationApplication.class, RehearsalMode.TEST, ROUTES, false);
        RouteTests tests = new RouteTests(rehearsal);
        tests.prepareErp(ROUTES.resolve("tests"));
        return cases.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            RouteTests.Result result = tests.run(file);
            assertThat(result.differences()).as(result.line()).isEmpty();
        }));
    }

    @AfterAll
    static void stop() {
        if (rehearsal != null) {
            rehearsal.close();
        }
    }
}
