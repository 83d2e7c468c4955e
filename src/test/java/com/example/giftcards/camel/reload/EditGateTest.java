package com.example.giftcards.camel.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The door a swap closes (EditGate), with the servlet API's own mock requests: requests in flight are waited for,
 * including one answered asynchronously as Camel answers; new ones are held, then let in; one held beyond the bound
 * gets the documented 503.
 */
class EditGateTest {

    private static final Duration HOLD = Duration.ofSeconds(2);

    private final EditGate gate = new EditGate(HOLD);

    @Test
    void aSwapWaitsForARequestAnsweredAsynchronouslyUntilItsAnswerIsComplete() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/voucherify");
        request.setAsyncSupported(true);
        gate.doFilter(request, new MockHttpServletResponse(), (req, res) -> req.startAsync()); // Camel answers later

        CompletableFuture<Boolean> closing = CompletableFuture.supplyAsync(gate::close);
        await().during(Duration.ofMillis(300)).atMost(HOLD).until(() -> !closing.isDone());

        request.getAsyncContext().complete();

        assertThat(closing.get()).as("closed once the answer was complete").isTrue();
        gate.open();
    }

    @Test
    void aRequestArrivingDuringASwapIsHeldThenServed() throws Exception {
        assertThat(gate.close()).isTrue();
        AtomicBoolean served = new AtomicBoolean();
        MockHttpServletResponse response = new MockHttpServletResponse();
        CompletableFuture<Void> arriving = CompletableFuture.runAsync(() -> filter(response, served));
        await().during(Duration.ofMillis(300)).atMost(HOLD).untilFalse(served);

        assertThat(gate.open()).as("requests waiting").isEqualTo(1);

        arriving.get();
        assertThat(served).isTrue();
        assertThat(response.getStatus()).isEqualTo(200);
    }

    @Test
    void aRequestHeldLongerThanTheBoundGets503Unavailable() throws Exception {
        EditGate briefly = new EditGate(Duration.ofMillis(200));
        assertThat(briefly.close()).isTrue();
        AtomicBoolean served = new AtomicBoolean();
        MockHttpServletResponse response = new MockHttpServletResponse();

        briefly.doFilter(new MockHttpServletRequest("POST", "/webhooks/voucherify"), response, (req, res) -> served.set(true));

        assertThat(served).as("reached the routes").isFalse();
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("30");
        assertThat(response.getContentAsString()).contains("\"code\":\"unavailable\"");
        briefly.open();
    }

    private void filter(MockHttpServletResponse response, AtomicBoolean served) {
        try {
            gate.doFilter(new MockHttpServletRequest("POST", "/webhooks/voucherify"), response, (req, res) -> served.set(true));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
