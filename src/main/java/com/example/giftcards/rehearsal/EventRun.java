package com.example.giftcards.rehearsal;

import java.util.List;
import java.util.Map;

import com.example.giftcards.rehearsal.RehearsalErpDataSource.SqlRun;

/**
 * What one event did in a rehearsal: the webhook's answer, each JMS message that would have been sent, and each leg
 * that would have run from those messages (its SQL statements, its email, or why it failed).
 *
 * @param outcome  {@code accepted}, {@code duplicate}, {@code ignored}, {@code invalid} (refused, or parked as
 *                 unusable) or {@code failed} (a 5xx: Voucherify would retry)
 * @param reason   why, for {@code invalid} and {@code failed}
 * @param erpRows  table name to the rows this event's transaction and voucher have there (a try only)
 * @param calls    other endpoints the routes sent to (http:, file: …), captured and not called
 */
public record EventRun(String outcome, int status, String answer, String reason, String eventId, String eventType,
                       List<SentMessage> messages, List<LegRun> legs, Map<String, List<Map<String, Object>>> erpRows,
                       String erpRowsError, List<String> calls) {

    /** A JMS message the routes sent (captured, never sent): destination, properties, body. */
    public record SentMessage(String destination, Map<String, Object> properties, String body, String consumedBy) {
    }

    /** An email the routes sent (captured, never sent). */
    public record Email(String to, String from, String subject, String text, String html) {
    }

    /**
     * One leg, run from a message the hand-off sent to its queue.
     *
     * @param failure  null when the leg succeeded
     * @param location {@code file:line} of what failed, where known
     * @param note     e.g. why there is no email (from the event journal)
     */
    public record LegRun(String route, String queue, String failure, String location, List<SqlRun> statements,
                         List<Email> emails, List<SentMessage> messages, String note) {
        public boolean ok() {
            return failure == null;
        }
    }

    /** Answered 2xx as accepted, duplicate or ignored, and every leg succeeded. */
    public boolean succeeded() {
        return List.of("accepted", "duplicate", "ignored").contains(outcome) && legs.stream().allMatch(LegRun::ok);
    }

    public List<Email> emails() {
        return legs.stream().flatMap(leg -> leg.emails().stream()).toList();
    }
}
