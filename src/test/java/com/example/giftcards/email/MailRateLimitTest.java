package com.example.giftcards.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.IntegrationTest;
import com.example.giftcards.support.LegWatch;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * MAIL_MAX_PER_SECOND caps the send rate, so a mail provider's quota is never exceeded: a burst over the rate is
 * delayed (its messages wait on the leg's queue), never failed and never dropped - and sent at that rate, not slower.
 */
@TestPropertySource(properties = "gift.mail.max-per-second=" + MailRateLimitTest.CAP)
class MailRateLimitTest extends IntegrationTest {

    static final int CAP = 2;
    private static final int BURST = 10;
    /**
     * The throttle lets at most CAP emails through in any second; the server sees each one a little later (send
     * marker, rendering, the SMTP conversation), and that delay differs between emails. Receive times can therefore
     * bunch up by the spread of that delay: CAP + 1 emails in a row were 940 to 1,053 ms apart in the runs measured
     * (a spread of 60 ms), so 300 ms leaves room for a slow run. Without the throttle the whole burst arrived within
     * 350 ms (CAP + 1 emails in a row 91 ms apart or less).
     */
    private static final Duration DELAY_SPREAD = Duration.ofMillis(300);
    /**
     * Room for a slow run on the upper bound: at the capped rate the burst's last email arrives about BURST / CAP - 1
     * seconds after its first; at half the rate it would be BURST / CAP - 1 seconds later still.
     */
    private static final Duration SLOW_RUN = Duration.ofMillis(1500);

    @Test
    void aBurstIsSentAtTheCappedRateAndNothingIsLost() throws Exception {
        long parkedBefore = BROKER.enqueued("DLQ.voucherify.leg.email");
        // The first email of a fresh application is slow (template compiled, SMTP connection opened): without this
        // one first, the burst's first emails reach the server a second late, together with the next second's.
        String warmUp = Fixtures.unique();
        LegWatch warmUpLeg = LegWatch.emailLeg(camel, BROKER, "evcus_" + warmUp);
        assertThat(webhooks.post(Fixtures.compact(Fixtures.distribution(warmUp))).statusCode()).isEqualTo(202);
        warmUpLeg.awaitDone();

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            ids.add(Fixtures.unique());
        }
        LegWatch emailLeg = LegWatch.emailLegOfEach(camel, BROKER, ids.stream().map(id -> "evcus_" + id).toList());
        for (String id : ids) {
            assertThat(webhooks.post(Fixtures.compact(Fixtures.distribution(id))).statusCode()).isEqualTo(202);
        }
        emailLeg.awaitDone();

        List<Instant> received = new ArrayList<>();
        for (String id : ids) {
            List<Instant> mine = MAIL.receivedAt(Fixtures.emailOf(id));
            assertThat(mine).as("emails to %s", Fixtures.emailOf(id)).hasSize(1);
            received.addAll(mine);
        }
        received.sort(null);
        Instant first = received.get(0);
        List<Long> offsets = received.stream().map(t -> Duration.between(first, t).toMillis()).toList();
        // Any CAP + 1 emails in a row span at least a second, less the spread of the delay after the throttle.
        for (int i = 0; i + CAP < received.size(); i++) {
            assertThat(Duration.between(received.get(i), received.get(i + CAP)))
                    .as("emails %d to %d of the burst (received at %s ms)", i, i + CAP, offsets)
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1).minus(DELAY_SPREAD));
        }
        // And at the capped rate, not below it: CAP emails each second, so the burst spans (BURST / CAP - 1) seconds
        // plus the spread; a throttle at half the rate (or a two-second period) would take twice as long.
        Duration whole = Duration.between(first, received.get(received.size() - 1));
        assertThat(whole).as("the whole burst (received at %s ms)", offsets)
                .isLessThanOrEqualTo(Duration.ofSeconds(BURST / CAP - 1).plus(SLOW_RUN));
        assertThat(BROKER.enqueued("DLQ.voucherify.leg.email")).as("nothing parked").isEqualTo(parkedBefore);
    }
}
