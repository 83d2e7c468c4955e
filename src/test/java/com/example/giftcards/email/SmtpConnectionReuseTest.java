package com.example.giftcards.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;

/**
 * The email leg keeps its SMTP connections open: a run of emails costs a few connections, not one each.
 * <p>
 * The idle limit is raised for this test so that neither the idle sweep nor the idle check at reuse can close a
 * connection during the run however slowly it goes: then the only reason for a new connection is a send running
 * while all open ones are busy, which the email leg's consumers bound. (The sweep itself: KeptOpenMailSenderTest.)
 */
@TestPropertySource(properties = "gift.smtp.connection-max-idle=10m")
class SmtpConnectionReuseTest extends IntegrationTest {

    private static final int EMAILS = 30;

    @Autowired
    KeptOpenMailSender connections;

    @Value("${gift.legs.email.consumers}")
    int emailConsumers;

    @Test
    void aRunOfEmailsSharesAtMostOneConnectionPerConsumer() throws Exception {
        long openedBefore = connections.connectionsOpened();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < EMAILS; i++) {
            String id = Fixtures.unique();
            ids.add(id);
            assertThat(webhooks.post(Fixtures.compact(Fixtures.distribution(id))).statusCode()).isEqualTo(202);
        }
        for (String id : ids) {
            eventually.emailTo(Fixtures.emailOf(id));
            assertThat(MAIL.to(Fixtures.emailOf(id))).as("one email each").hasSize(1);
        }
        assertThat(connections.connectionsOpened()).as("the emails went through the kept-open connections").isPositive();
        assertThat(connections.connectionsOpened() - openedBefore).as("SMTP connections opened for %d emails", EMAILS)
                .isLessThanOrEqualTo(emailConsumers);
    }
}
