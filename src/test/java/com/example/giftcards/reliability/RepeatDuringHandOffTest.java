package com.example.giftcards.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Voucherify retries a delivery while the first is still being handed off (its idempotency key is taken but not yet
 * committed). The repeat waits for the first: it is a duplicate when the first is accepted, and is handed off in its
 * place when the first fails. Either way the event is accepted exactly once. A first that hangs longer than the
 * state database's lock timeout gets the repeat a 409, to be retried.
 */
class RepeatDuringHandOffTest extends IntegrationTest {

    @Autowired
    @Qualifier("stateDataSource")
    private DataSource stateDataSource;

    @AfterEach
    void endStall() {
        BROKER.endStall(false);
    }

    @Test
    void aRepeatWhileTheFirstIsAcceptedIsADuplicate() throws Exception {
        String id = Fixtures.unique();
        byte[] envelope = Fixtures.compact(Fixtures.distribution(id));
        CompletableFuture<Integer> first = firstDeliveryHangingInItsHandOff(envelope);
        CompletableFuture<Integer> repeat = repeatWaitingForTheFirst(envelope);

        BROKER.endStall(true);

        assertThat(first.get(30, TimeUnit.SECONDS)).as("first delivery").isEqualTo(202);
        assertThat(repeat.get(30, TimeUnit.SECONDS)).as("repeat").isEqualTo(200);
        assertThat(BROKER.enqueued("voucherify.leg.erp") - erpQueuedBefore).as("handed off once").isEqualTo(1);
    }

    @Test
    void aRepeatWhileTheFirstFailsIsHandedOffInstead() throws Exception {
        String id = Fixtures.unique();
        byte[] envelope = Fixtures.compact(Fixtures.distribution(id));
        CompletableFuture<Integer> first = firstDeliveryHangingInItsHandOff(envelope);
        CompletableFuture<Integer> repeat = repeatWaitingForTheFirst(envelope);

        BROKER.endStall(false); // the first hand-off's last send is refused: it rolls back, and its key with it

        assertThat(first.get(30, TimeUnit.SECONDS)).as("first delivery").isEqualTo(503);
        assertThat(repeat.get(30, TimeUnit.SECONDS)).as("repeat").isEqualTo(202);
        eventually.ledgerRowAndEmailOf(id);
    }

    @Test
    void aRepeatWhileTheFirstHangsLongerThanTheLockTimeoutIsAskedToRetry() throws Exception {
        String id = Fixtures.unique();
        byte[] envelope = Fixtures.compact(Fixtures.distribution(id));
        CompletableFuture<Integer> first = firstDeliveryHangingInItsHandOff(envelope);

        var repeat = webhooks.post(envelope); // waits out the test profile's 3 s lock timeout

        assertThat(repeat.statusCode()).as("repeat").isEqualTo(409);
        assertThat(repeat.headers().firstValue("Retry-After")).hasValue("10");
        assertThat(repeat.body()).contains("\"code\":\"in_progress\"");
        BROKER.endStall(true);
        assertThat(first.get(30, TimeUnit.SECONDS)).as("first delivery").isEqualTo(202);
        assertThat(webhooks.post(envelope).statusCode()).as("the retry, later").isEqualTo(200);
    }

    private long erpQueuedBefore;

    private CompletableFuture<Integer> firstDeliveryHangingInItsHandOff(byte[] envelope) throws InterruptedException {
        erpQueuedBefore = BROKER.enqueued("voucherify.leg.erp");
        BROKER.stallSendsTo("voucherify.leg.email");
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> webhooks.post(envelope).statusCode());
        assertThat(BROKER.awaitStalledSend(Duration.ofSeconds(30))).as("the first hand-off reached its last send").isTrue();
        return first;
    }

    /** Sends the repeat and waits until its idempotency key insert is blocked by the first delivery's. */
    private CompletableFuture<Integer> repeatWaitingForTheFirst(byte[] envelope) {
        CompletableFuture<Integer> repeat = CompletableFuture.supplyAsync(() -> webhooks.post(envelope).statusCode());
        JdbcTemplate state = new JdbcTemplate(stateDataSource);
        await().atMost(Duration.ofSeconds(2)).until(() ->
                state.queryForObject("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS"
                        + " WHERE UPPER(EXECUTING_STATEMENT) LIKE 'INSERT INTO CAMEL_MESSAGEPROCESSED%'", Integer.class) == 1);
        return repeat;
    }
}
