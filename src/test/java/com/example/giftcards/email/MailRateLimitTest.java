package com.example.giftcards.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.IntegrationTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * MAIL_MAX_PER_SECOND caps the send rate, so a mail provider's quota is never exceeded: a burst over the rate is
 * delayed (its messages wait on the leg's queue), never failed and never dropped.
 */
@TestPropertySource(properties = "gift.mail.max-per-second=2")
class MailRateLimitTest extends IntegrationTest {

    private static final int BURST = 10;

    @Test
    void aBurstIsSentAtTheCappedRateAndNothingIsLost() throws Exception {
        long parkedBefore = BROKER.enqueued("DLQ.voucherify.leg.email");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            String id = Fixtures.unique();
            ids.add(id);
            assertThat(webhooks.post(Fixtures.compact(Fixtures.distribution(id))).statusCode()).isEqualTo(202);
        }

        List<Date> sent = new ArrayList<>();
        for (String id : ids) {
            MimeMessage email = eventually.emailTo(Fixtures.emailOf(id));
            assertThat(MAIL.to(Fixtures.emailOf(id))).as("one email each").hasSize(1);
            sent.add(email.getSentDate());
        }
        long first = sent.stream().mapToLong(Date::getTime).min().orElseThrow();
        long last = sent.stream().mapToLong(Date::getTime).max().orElseThrow();
        // 10 emails at 2 a second take at least 4 whole seconds from the first to the last (Date headers have seconds)
        assertThat(last - first).as("first to last email, ms").isGreaterThanOrEqualTo((BURST / 2 - 1) * 1000L);
        assertThat(BROKER.enqueued("DLQ.voucherify.leg.email")).as("nothing parked").isEqualTo(parkedBefore);
    }
}
