package com.example.giftcards.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Waits for what the legs leave behind for one event: the ledger row of its transaction in the ERP, its email in the
 * test mailbox. Each wait fails the test after {@link #PATIENCE}. It tells that something arrived, never that
 * nothing more will: that is known once the leg has finished the event ({@link LegWatch}).
 */
public final class Eventually {

    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private final JdbcTemplate erp;
    private final TestMail mail;

    /** For ledger rows only: the application's email goes to a mailbox other than {@link TestMail}. */
    public Eventually(JdbcTemplate erp) {
        this(erp, null);
    }

    public Eventually(JdbcTemplate erp, TestMail mail) {
        this.erp = erp;
        this.mail = mail;
    }

    /** The ledger row of this transaction, once it is there. */
    public Map<String, Object> ledgerRow(String transactionId) {
        return await("the ledger row of " + transactionId).atMost(PATIENCE)
                .until(() -> erp.queryForList("SELECT * FROM gift_card_transaction WHERE transaction_id = ?", transactionId),
                        rows -> !rows.isEmpty())
                .get(0);
    }

    /** The email to this address, once it has arrived; more than one at that moment fails the test. */
    public MimeMessage emailTo(String address) {
        if (mail == null) {
            throw new IllegalStateException("no test mailbox given");
        }
        List<MimeMessage> emails = await("an email to " + address).atMost(PATIENCE)
                .until(() -> mail.to(address), received -> !received.isEmpty());
        assertThat(emails).as("emails to %s", address).hasSize(1);
        return emails.get(0);
    }

    /** Both legs' outcomes of a top-up made by {@link Fixtures#distribution(String) Fixtures.distribution(id)}. */
    public void ledgerRowAndEmailOf(String id) {
        ledgerRow("vtx_" + id);
        emailTo(Fixtures.emailOf(id));
    }
}
