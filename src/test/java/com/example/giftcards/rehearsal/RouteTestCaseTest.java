package com.example.giftcards.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a route test: fields set by path, and a clear FAIL line for a case that cannot be read. */
class RouteTestCaseTest {

    @TempDir
    Path tests;

    @BeforeEach
    void events() throws Exception {
        Files.createDirectories(tests.resolve("events"));
        Files.copy(Path.of("routes/tests/events/customer-balance-added.json"), tests.resolve("events/top-up.json"));
    }

    @Test
    void setChangesFieldsByPathCreatingObjectsOnTheWay() throws Exception {
        Path file = Files.writeString(tests.resolve("case.yaml"), """
                name: Set
                events:
                  - file: top-up.json
                    set:
                      data.customer.email: jack@example.com
                      data.customer.name: null
                      data.transaction.created_at: 2024-03-14T10:00:00.000Z
                      data.balance.amount: 1000
                      data.voucher.metadata.tier: gold
                    answer: accepted
                """);

        RouteTestCase read = RouteTestCase.read(file);

        assertThat(read.name()).isEqualTo("Set");
        assertThat(read.events().get(0).answer()).isEqualTo("accepted");
        JsonNode body = new ObjectMapper().readTree(read.events().get(0).body());
        assertThat(body.at("/data/customer/email").asText()).isEqualTo("jack@example.com");
        assertThat(body.at("/data/customer/name").isNull()).isTrue();
        assertThat(body.at("/data/transaction/created_at").asText()).isEqualTo("2024-03-14T10:00:00Z");
        assertThat(body.at("/data/balance/amount").asLong()).isEqualTo(1000);
        assertThat(body.at("/data/voucher/metadata/tier").asText()).isEqualTo("gold");
        assertThat(body.at("/event/id").asText()).isEqualTo("evcus_0e6feafe6952a94a77");
    }

    @Test
    void aCaseThatCannotBeReadFailsWithWhy() throws Exception {
        RouteTests tests = new RouteTests(null); // never reaches the routes

        assertThat(tests.run(Files.writeString(this.tests.resolve("typo.yaml"), """
                name: Typo
                event:
                  - file: top-up.json
                """)).line()).isEqualTo("FAIL typo.yaml: cannot read the case: unknown key 'event' (known: name, events, erp, emails, messages)");
        assertThat(tests.run(Files.writeString(this.tests.resolve("missing.yaml"), """
                events:
                  - file: no-such-event.json
                """)).line()).isEqualTo("FAIL missing.yaml: cannot read the case: event file tests/events/no-such-event.json not found");
        assertThat(tests.run(Files.writeString(this.tests.resolve("broken.yaml"), "events: [")).line())
                .startsWith("FAIL broken.yaml: cannot read the case: not valid YAML: ");
    }
}
