package com.example.giftcards.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import com.example.giftcards.support.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * LOG_FORMAT as application.yaml maps it, with Spring Boot's own logging set up from it: unset, empty or plain is the
 * usual text, json is ECS JSON, anything else stops the start. Only the logging is started (an empty configuration),
 * so each case is a start of its own; JsonLogsTest covers the whole application.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogFormatTest {

    @AfterAll
    static void plainTextForTheTestsAfter() {
        PlainTextLogging.restore();
    }

    @Test
    void plainTextIsTheDefault(CapturedOutput output) {
        String line = logOneLine(output);

        assertThat(line).doesNotStartWith("{").contains(" INFO ", "gift.log-format-check", "log format check");
    }

    @Test
    void plainIsPlainText(CapturedOutput output) {
        String line = logOneLine(output, "--LOG_FORMAT=plain");

        assertThat(line).doesNotStartWith("{").contains(" INFO ", "log format check");
    }

    @Test
    void emptyIsPlainText(CapturedOutput output) { // as docker compose passes an unset LOG_FORMAT on
        String line = logOneLine(output, "--LOG_FORMAT=");

        assertThat(line).doesNotStartWith("{").contains(" INFO ", "log format check");
    }

    @Test
    void jsonIsElasticCommonSchema(CapturedOutput output) {
        JsonNode line = Fixtures.parse(logOneLine(output, "--LOG_FORMAT=json"));

        assertThat(line.path("message").asText()).isEqualTo("log format check");
        assertThat(line.at("/log/level").asText()).isEqualTo("INFO");
        assertThat(line.at("/log/logger").asText()).isEqualTo("gift.log-format-check");
        assertThat(line.at("/ecs/version").asText()).isNotBlank();
        assertThat(line.has("@timestamp")).isTrue();
    }

    @Test
    void anUnknownFormatStopsTheStart() {
        assertThatThrownBy(() -> start("--LOG_FORMAT=xml").close()).hasStackTraceContaining("xml");
    }

    /** Starts with these arguments, logs one INFO line and returns it (the last line of standard output). */
    private static String logOneLine(CapturedOutput output, String... args) {
        try (ConfigurableApplicationContext context = start(args)) {
            int from = output.getOut().length();
            LoggerFactory.getLogger("gift.log-format-check").info("log format check");
            List<String> lines = Arrays.stream(output.getOut().substring(from).split("\\R")).filter(l -> !l.isBlank()).toList();
            assertThat(lines).hasSize(1);
            return lines.get(0);
        }
    }

    private static ConfigurableApplicationContext start(String... args) {
        return PlainTextLogging.start(args);
    }
}
