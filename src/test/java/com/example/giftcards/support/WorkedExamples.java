package com.example.giftcards.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The edits of the worked examples of docs/changing-routes.md, exactly as the guide shows them, in one place: the
 * application runs them (WorkspaceExamplesTest) and so do the route tests (WorkedExamplesRouteTestsTest).
 */
public final class WorkedExamples {

    /** The French templates of example 6. */
    public static final List<String> FRENCH = List.of("subject", "txt", "html");

    private WorkedExamples() {
    }

    /** Examples 1, 2, 4, 5 and 6 (example 3, the subject, is a live edit: {@link #newSubject}). */
    public static void applyTo(RoutesCopy routes) throws IOException {
        // Example 1: a payload field with no named value (the campaign) in the email, HTML-escaped as usual.
        routes.replace("templates/top-up-email.html.mustache",
                "  <p>You can use your balance on your next order.</p>\n",
                "  <p>You can use your balance on your next order.</p>\n"
                        + "  <p>Campaign: {{body.envelope.data.voucher.campaign}}</p>\n");
        routes.replace("templates/top-up-email.txt.mustache",
                "You can use your balance on your next order.\n",
                "You can use your balance on your next order.\nCampaign: {{{body.envelope.data.voucher.campaign}}}\n");
        // Example 2: the same field into an extra ERP column (the column itself is the ERP's to add; see erpHasACampaignColumn).
        routes.replace("sql/record-transaction.sql",
                "        CAST(:#eventId         AS VARCHAR(200))\n",
                "        CAST(:#eventId         AS VARCHAR(200)),\n"
                        + "        CAST(:#${body.envelope[data][voucher][campaign]} AS VARCHAR(200))\n");
        routes.replace("sql/record-transaction.sql",
                "AS s (transaction_id, transaction_type, voucher_id, amount, balance_after, reason, source, occurred_at, event_id)",
                "AS s (transaction_id, transaction_type, voucher_id, amount, balance_after, reason, source, occurred_at, event_id, campaign)");
        routes.replace("sql/record-transaction.sql",
                "            received_at)",
                "            received_at, campaign)");
        routes.replace("sql/record-transaction.sql",
                "            s.event_id, CURRENT_TIMESTAMP)",
                "            s.event_id, CURRENT_TIMESTAMP, s.campaign)");
        // Example 4: one more event type, on a queue of its own, with a new route file (which uses jsonpath).
        Files.copy(Path.of("docs/examples/21-voucher-published.camel.yaml"), routes.dir().resolve("21-voucher-published.camel.yaml"));
        routes.replace("10-webhook-intake.camel.yaml",
                "                  otherwise:\n                    id: otherwise-unhandled\n",
                """
                                    - id: when-voucher-published
                                      expression:
                                        simple:
                                          expression: ${header.eventType} == 'voucher.published'
                                      steps:
                                        - to:
                                            uri: direct:keep-voucher-published
                                        - bean:
                                            id: answer-voucher-published
                                            description: 202 accepted
                                            ref: webhookAnswers
                                            method: accepted
                                  otherwise:
                                    id: otherwise-unhandled
                """);

        // Example 5: refunds get an email of their own, still at most once per transaction.
        Files.copy(Path.of("docs/examples/32-refund-email.camel.yaml"), routes.dir().resolve("32-refund-email.camel.yaml"));
        for (String template : new String[] {"refund-email.html.mustache", "refund-email.txt.mustache"}) {
            Files.copy(Path.of("docs/examples/templates", template), routes.dir().resolve("templates").resolve(template));
        }
        routes.replace("31-customer-email.camel.yaml",
                """
                              - id: when-not-a-top-up
                                description: Money spent, removed or refunded
                                expression:
                                  simple:
                                    expression: ${body.transactionType} != 'CREDITS_ADDITION'
                """,
                """
                              - id: when-not-a-top-up
                                description: Money spent or removed (money added and money refunded are emailed)
                                expression:
                                  simple:
                                    expression: ${body.transactionType} not in 'CREDITS_ADDITION,CREDITS_REFUND'
                """);
        routes.replace("31-customer-email.camel.yaml",
                """
                                      - to:
                                          id: call-send-top-up-email
                                          uri: direct:send-top-up-email
                """,
                """
                                      - choice:
                                          id: which-email
                                          when:
                                            - id: when-refund
                                              expression:
                                                simple:
                                                  expression: ${header.transactionType} == 'CREDITS_REFUND'
                                              steps:
                                                - to:
                                                    uri: direct:send-refund-email
                                          otherwise:
                                            steps:
                                              - to:
                                                  uri: direct:send-top-up-email
                """);
        // Example 6: one more language for the email, French: three files next to the English ones, translated.
        for (String kind : FRENCH) {
            Files.copy(Path.of("docs/examples/templates/top-up-email.fr." + kind + ".mustache"),
                    routes.dir().resolve("templates/top-up-email.fr." + kind + ".mustache"));
        }

    }

    /** Example 3: the subject line, in the default language's template. */
    public static void newSubject(RoutesCopy routes) throws IOException {
        routes.replace("templates/top-up-email.subject.mustache",
                "Your gift card has been topped up with {{{body.amountAdded}}} (new balance {{{body.newBalance}}})",
                "Good news: {{{body.amountAdded}}} on your gift card");
    }
}
