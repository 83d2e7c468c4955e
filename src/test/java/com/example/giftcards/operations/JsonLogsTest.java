package com.example.giftcards.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.example.giftcards.support.FaultInjectionTest;
import com.example.giftcards.support.FaultyTcpProxy.Mode;
import com.example.giftcards.support.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

/**
 * LOG_FORMAT=json: standard output is one ECS JSON object a line, and every line a leg writes while it handles an
 * event carries that event's eventId, transactionId and leg as fields - on the JMS consumer threads, through the
 * leg's retries, the dead-letter channel and an operator's replay. No personal data at INFO.
 */
@ExtendWith(OutputCaptureExtension.class)
// Inlined test properties are in the environment before Spring Boot sets up logging, as LOG_FORMAT would be.
@TestPropertySource(properties = "LOG_FORMAT=json")
class JsonLogsTest extends FaultInjectionTest {

    private static final Duration SOON = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ERP_THREAD = "JmsConsumer[voucherify.leg.erp]";
    private static final String EMAIL_THREAD = "JmsConsumer[voucherify.leg.email]";

    @AfterAll
    static void plainTextForTheTestsAfter() {
        PlainTextLogging.restore();
    }

    @Test
    void eachLegsLinesCarryTheEventTransactionAndLeg(CapturedOutput output) {
        String id = Fixtures.unique();
        ObjectNode envelope = Fixtures.distribution(id);
        envelope.with("data").with("customer").put("name", "Zebulon Quixote-" + id);
        int from = output.getOut().length();

        assertThat(webhooks.post(Fixtures.compact(envelope)).statusCode()).isEqualTo(202);

        await().atMost(SOON).until(() -> ledger("vtx_" + id).size() == 1 && MAIL.to(Fixtures.emailOf(id)).size() == 1);
        await().atMost(SOON).until(() -> messages(lines(output, from), EMAIL_THREAD).contains("Top-up email sent for transaction vtx_" + id)
                && messages(lines(output, from), ERP_THREAD).stream().anyMatch(m -> m.startsWith("ERP updated for transaction vtx_" + id)));

        List<JsonNode> lines = lines(output, from);
        assertThat(onThread(lines, ERP_THREAD)).isNotEmpty().allSatisfy(line -> assertIds(line, id, "erp"));
        assertThat(onThread(lines, EMAIL_THREAD)).isNotEmpty().allSatisfy(line -> assertIds(line, id, "email"));
        assertThat(lines).filteredOn(line -> "INFO".equals(line.at("/log/level").asText())).isNotEmpty()
                .allSatisfy(line -> assertThat(line.toString()).doesNotContain(Fixtures.emailOf(id), "Zebulon"));
    }

    @Test
    void retriesTheDeadLetterChannelAndTheReplayKeepTheIds(CapturedOutput output) {
        String id = Fixtures.unique();
        int from = output.getOut().length();
        int refusedBefore = SMTP_PROXY.refused();
        SMTP_PROXY.mode(Mode.SMTP_BUSY);

        assertThat(webhooks.post(Fixtures.compact(Fixtures.distribution(id))).statusCode()).isEqualTo(202);

        // Retried in place (application-faults.yaml: 4 redeliveries), then parked on DLQ.voucherify.leg.email.
        await().atMost(SOON).until(() -> messages(lines(output, from), EMAIL_THREAD).stream()
                .anyMatch(m -> m.startsWith("Parked event evcus_" + id + " on DLQ.voucherify.leg.email")));
        assertThat(SMTP_PROXY.refused() - refusedBefore).isGreaterThanOrEqualTo(2);
        SMTP_PROXY.mode(Mode.PASS);
        HttpResponse<String> replay = admin("POST", "/admin/dead-letters/email/replay?eventId=evcus_" + id, ADMIN_TOKEN);
        assertThat(replay.statusCode()).isEqualTo(200);
        await().atMost(SOON).until(() -> MAIL.to(Fixtures.emailOf(id)).size() == 1);
        await().atMost(SOON).until(() -> messages(lines(output, from), EMAIL_THREAD).contains("Top-up email sent for transaction vtx_" + id));

        List<JsonNode> email = onThread(lines(output, from), EMAIL_THREAD);
        assertThat(email).extracting(line -> line.at("/log/level").asText()).contains("WARN", "INFO");
        assertThat(email).as("retries, the parking and the send after the replay")
                .hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(line -> assertIds(line, id, "email"));
    }

    private static void assertIds(JsonNode line, String id, String leg) {
        assertThat(line.path("eventId").asText()).as("eventId of %s", line).isEqualTo("evcus_" + id);
        assertThat(line.path("transactionId").asText()).as("transactionId of %s", line).isEqualTo("vtx_" + id);
        assertThat(line.path("leg").asText()).as("leg of %s", line).isEqualTo(leg);
    }

    /** Every whole line written to standard output since {@code from}, each parsed as JSON: one that is not fails. */
    private static List<JsonNode> lines(CapturedOutput output, int from) {
        List<JsonNode> lines = new ArrayList<>();
        String out = output.getOut();
        String complete = out.substring(from, Math.max(from, out.lastIndexOf('\n') + 1)); // not a line being written
        for (String line : complete.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                lines.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new UncheckedIOException("Not a JSON line: " + line, e);
            }
        }
        return lines;
    }

    private static List<JsonNode> onThread(List<JsonNode> lines, String thread) {
        return lines.stream().filter(line -> line.at("/process/thread/name").asText().endsWith(thread)).toList();
    }

    private static List<String> messages(List<JsonNode> lines, String thread) {
        return onThread(lines, thread).stream().map(line -> line.path("message").asText()).toList();
    }
}
