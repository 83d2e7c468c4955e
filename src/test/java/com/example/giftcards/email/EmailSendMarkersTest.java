package com.example.giftcards.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.UUID;

import com.example.giftcards.operations.EventJournal;
import com.example.giftcards.support.DatabaseTest;
import com.example.giftcards.support.StateDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.example.giftcards.support.StateDatabases.StateDatabase;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The email send markers on H2 and (when the build has one) PostgreSQL or MariaDB: sending, sent, released, taken over. */
@DatabaseTest
class EmailSendMarkersTest {

    static java.util.stream.Stream<StateDatabase> databases() {
        return StateDatabases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aFirstSendIsNewThenSentIsFinal(StateDatabase db) {
        EmailSendMarkers markers = markers(db);
        String tx = "vtx_" + UUID.randomUUID();

        assertThat(markers.begin(tx, null)).isEqualTo("new");
        assertThat(state(db, tx)).isEqualTo("sending");
        markers.sent(exchange(tx));

        assertThat(state(db, tx)).isEqualTo("sent");
        assertThat(markers.begin(tx, null)).as("a redelivery after the send completed").isEqualTo("sent");
        assertThat(markers.begin(tx, EmailOutcomeUnknownException.FAILURE_TYPE)).as("even a replay").isEqualTo("sent");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aSendBegunAndNeverCompletedIsUnknownUntilAReplayTakesItOver(StateDatabase db) {
        EmailSendMarkers markers = markers(db);
        String tx = "vtx_" + UUID.randomUUID();
        assertThat(markers.begin(tx, null)).isEqualTo("new");
        // ... and the process stops here, before sent(); a minute later the redelivery comes
        age(db, tx);

        assertThat(markers.begin(tx, null)).as("the redelivery after the crash").isEqualTo("sending");
        assertThatThrownBy(() -> markers.outcomeUnknown(tx)).isInstanceOf(EmailOutcomeUnknownException.class)
                .hasMessageContaining(tx).hasMessageContaining("process stopped");
        assertThat(markers.begin(tx, "java.io.IOException")).as("a replay of some other failure").isEqualTo("sending");
        assertThat(markers.begin(tx, EmailOutcomeUnknownException.FAILURE_TYPE)).as("the operator's replay").isEqualTo("new");
        markers.sent(exchange(tx));
        assertThat(state(db, tx)).isEqualTo("sent");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aSendBegunMomentsAgoIsUnderWayAndRetriedNotParked(StateDatabase db) {
        EmailSendMarkers markers = markers(db);
        String tx = "vtx_" + UUID.randomUUID();
        assertThat(markers.begin(tx, null)).as("one consumer").isEqualTo("new");

        assertThatThrownBy(() -> markers.begin(tx, null)).as("the other consumer, at the same moment")
                .isInstanceOf(EmailSendUnderWayException.class).hasMessageContaining(tx);

        markers.sent(exchange(tx));
        assertThat(markers.begin(tx, null)).as("its retry").isEqualTo("sent");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aFailedSendReleasesTheMarkerAndPassesTheFailureOn(StateDatabase db) {
        EmailSendMarkers markers = markers(db);
        String tx = "vtx_" + UUID.randomUUID();
        assertThat(markers.begin(tx, null)).isEqualTo("new");
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty("transactionId", tx);
        IOException refused = new IOException("421 try again later");
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, refused);

        assertThatThrownBy(() -> markers.releaseAndRethrow(exchange)).isSameAs(refused);

        assertThat(state(db, tx)).isNull();
        assertThat(markers.begin(tx, null)).as("the leg's retry sends it").isEqualTo("new");
    }

    private static EmailSendMarkers markers(StateDatabase db) {
        return new EmailSendMarkers(db.dataSource(), new EventJournal(db.dataSource(), new SimpleMeterRegistry()));
    }

    /** As if the send had begun longer ago than any send can take. */
    private static void age(StateDatabase db, String transactionId) {
        new JdbcTemplate(db.dataSource()).update("UPDATE email_send_marker SET begun_at = ? WHERE transaction_id = ?",
                new java.sql.Timestamp(System.currentTimeMillis() - EmailSendMarkers.SEND_UNDER_WAY_MS - 1000), transactionId);
    }

    private static Exchange exchange(String transactionId) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty("transactionId", transactionId);
        exchange.setProperty("leg", "email");
        exchange.getMessage().setHeader("eventId", "evcus_" + transactionId);
        return exchange;
    }

    private static String state(StateDatabase db, String transactionId) {
        return new JdbcTemplate(db.dataSource()).queryForList(
                "SELECT state FROM email_send_marker WHERE transaction_id = ?", String.class, transactionId)
                .stream().findFirst().orElse(null);
    }
}
