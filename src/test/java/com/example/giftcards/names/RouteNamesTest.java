package com.example.giftcards.names;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.example.giftcards.giftcard.GiftTransaction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The routes spell header and property names literally: only those of {@link RouteNames}, so each has one home; and
 * the SQL files' {@code :#name} parameters name only what the ERP leg provides (a misspelt one would bind null).
 */
class RouteNamesTest {

    /** Names that belong to Camel's components (mail, mustache, http, the idempotent consumer), not to us. */
    private static final Set<String> COMPONENT_HEADERS = Set.of("To", "From", "Subject", "Message-ID", "Content-Language",
            "CamelMailAlternativeBody", "MustacheResourceUri", "MustacheTemplate", "CamelHttpPath", "CamelHttpQuery");
    private static final Set<String> COMPONENT_PROPERTIES = Set.of("CamelDuplicateMessage");
    private static final Pattern HEADER_IN_TEXT = Pattern.compile("\\$\\{headers?\\.([A-Za-z0-9_-]+)");
    private static final Pattern SQL_PARAMETER = Pattern.compile(":#([A-Za-z_][A-Za-z0-9_]*)");
    /** The names of the event values the ERP leg's SQL reads from the message body. */
    private static final Set<String> EVENT_VALUES = new GiftTransaction("evt", "type", "v", null, null, "vtx",
            GiftTransaction.CREDITS_ADDITION, 0, 0, null, null, OffsetDateTime.now(), null, null, Map.of()).values().keySet();
    private static final Pattern PROPERTY_IN_TEXT = Pattern.compile("\\$\\{exchangeProperty\\.([A-Za-z0-9_-]+)");

    private static String eventProperties;
    private final Set<String> headers = new TreeSet<>();
    private final Set<String> properties = new TreeSet<>();

    @BeforeAll
    static void readSettings() throws IOException {
        Map<String, Object> settings = new Yaml().load(Files.readString(Path.of("src/main/resources/application.yaml")));
        eventProperties = (String) map(map(map(settings).get("gift")).get("jms")).get("event-properties");
    }

    @Test
    void theEventPropertiesSettingListsTheEventHeaders() {
        assertThat(eventProperties).isEqualTo(String.join("|", RouteNames.EVENT_PROPERTIES));
    }

    @Test
    void theRoutesUseOnlyTheSharedNames() throws IOException {
        collectRoutes();
        assertThat(headers).as("the routes' header names").contains(RouteNames.EVENT_ID, RouteNames.FAILURE_REASON)
                .allSatisfy(name -> assertThat(RouteNames.HEADERS.contains(name) || COMPONENT_HEADERS.contains(name))
                        .as("header %s: add it to RouteNames, or use the name there", name).isTrue());
        assertThat(properties).as("the routes' property names").contains(RouteNames.RAW_ENVELOPE, RouteNames.LEG)
                .allSatisfy(name -> assertThat(RouteNames.PROPERTIES.contains(name) || COMPONENT_PROPERTIES.contains(name))
                        .as("exchange property %s: add it to RouteNames, or use the name there", name).isTrue());
    }

    @Test
    void theSqlFilesUseOnlyNamesTheErpLegProvides() throws IOException {
        collectRoutes();
        Map<String, Set<String>> parametersByFile = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of("routes/sql"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                parametersByFile.put(file.getFileName().toString(), sqlParameters(Files.readString(file)));
            }
        }
        // what a :#name reads: the event's values (the message body) or a header the routes set (currency)
        Set<String> provided = new TreeSet<>(EVENT_VALUES);
        provided.addAll(headers);

        assertThat(parametersByFile).as("routes/sql/*.sql").containsKeys("record-transaction.sql", "update-balance.sql");
        assertThat(parametersByFile.get("record-transaction.sql")).contains("transactionId", "amount", "occurredAt");
        assertThat(parametersByFile.get("update-balance.sql")).contains("voucherId", "currency");
        parametersByFile.forEach((file, names) -> assertThat(names)
                .as("the :#names of routes/sql/%s (the event values are GiftTransaction.values(); headers: %s)", file, headers)
                .isNotEmpty()
                .allSatisfy(name -> assertThat(provided).as(":#%s in %s", name, file).contains(name)));
    }

    @Test
    void aMisspeltSqlParameterIsFound() {
        assertThat(sqlParameters("-- :#notAParameter in a comment\nVALUES (:#transactonId, :#${body.envelope[data][x]}, ':#quoted')"))
                .containsExactly("transactonId")
                .doesNotContainAnyElementsOf(EVENT_VALUES);
    }

    @Test
    void aMisspeltHeaderIsFound() {
        collect(new Yaml().load("- setHeader: {name: eventID}\n- log: {message: \"${exchangeProperty.rawEnvelop}\"}"));
        assertThat(headers).containsExactly("eventID");
        assertThat(properties).containsExactly("rawEnvelop");
    }

    private void collectRoutes() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                collect(new Yaml().load(Files.readString(file)));
            }
        }
    }

    /** The {@code :#name} parameters of an SQL text, outside comments and quotes; {@code :#${...}} are expressions. */
    private static Set<String> sqlParameters(String sql) {
        String code = sql.replaceAll("--[^\\n]*", "").replaceAll("'[^']*'", "''");
        Set<String> names = new TreeSet<>();
        find(SQL_PARAMETER, code, names);
        return names;
    }

    private void collect(Object node) {
        if (node instanceof List<?> list) {
            list.forEach(this::collect);
        } else if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                Map<String, Object> step = value instanceof Map<?, ?> ? map(value) : Map.of();
                switch (String.valueOf(key)) {
                    case "setHeader", "removeHeader" -> headers.add((String) step.get("name"));
                    case "setProperty" -> properties.add((String) step.get("name"));
                    case "setHeaders" -> ((List<?>) step.get("headers")).forEach(h -> headers.add((String) map(h).get("name")));
                    case "header" -> headers.add((String) step.get("expression"));
                    case "excludePattern" -> headers.addAll(List.of(String.valueOf(value)
                            .replace("{{gift.jms.event-properties}}", eventProperties).split("\\|")));
                    default -> { }
                }
                collect(value);
            });
        } else if (node instanceof String text) {
            find(HEADER_IN_TEXT, text, headers);
            find(PROPERTY_IN_TEXT, text, properties);
        }
    }

    private static void find(Pattern pattern, String text, Set<String> into) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            into.add(matcher.group(1));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
