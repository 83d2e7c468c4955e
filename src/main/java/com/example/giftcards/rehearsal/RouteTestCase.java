package com.example.giftcards.rehearsal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * One route test, as the integration team writes it in {@code routes/tests/*.yaml} (format: docs/changing-routes.md,
 * "Route tests"): events to send, in order, and what must happen. Only what a case lists is compared: a column, an
 * email part or a message property it does not name is free to change.
 *
 * @param events   in order; each a file under {@code tests/events/}, optionally with fields set by path, and the
 *                 answer it must get
 * @param erp      table name to its expected rows (listed columns only); a table not named is not compared
 * @param emails   every email the case sends, in order; null: not compared; empty: none may be sent
 * @param messages the JMS messages that leave the service (not the internal leg queues) on the queues the case
 *                 names, in order; null: not compared; empty: none may leave
 */
public record RouteTestCase(String name, Path file, List<Event> events, Map<String, List<Map<String, Object>>> erp,
                            List<Map<String, Object>> emails, List<Map<String, Object>> messages) {

    /** An event of a case: the body to send and the answer expected (null: any answer). */
    public record Event(String file, byte[] body, String answer, String reason) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The cases in {@code DIR/tests/*.yaml}, by file name. A case that cannot be read is reported as failing. */
    public static List<Path> files(Path testsDir) throws IOException {
        if (!Files.isDirectory(testsDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(testsDir)) {
            return files.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        }
    }

    @SuppressWarnings("unchecked")
    public static RouteTestCase read(Path file) throws IOException {
        Map<String, Object> yaml;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            if (!(loaded instanceof Map)) {
                throw new IOException("not a route test (a YAML map with name and events)");
            }
            yaml = (Map<String, Object>) loaded;
        } catch (RuntimeException e) {
            throw new IOException("not valid YAML: " + e.getMessage(), e);
        }
        for (String key : yaml.keySet()) {
            if (!List.of("name", "events", "erp", "emails", "messages").contains(key)) {
                throw new IOException("unknown key '" + key + "' (known: name, events, erp, emails, messages)");
            }
        }
        String fileName = file.getFileName().toString();
        String name = yaml.get("name") != null ? String.valueOf(yaml.get("name")) : fileName.replaceFirst("\\.ya?ml$", "");
        List<Event> events = new ArrayList<>();
        if (!(yaml.get("events") instanceof List<?> listed) || listed.isEmpty()) {
            throw new IOException("events: a list of at least one event is needed");
        }
        for (Object item : listed) {
            if (!(item instanceof Map<?, ?> event) || event.get("file") == null) {
                throw new IOException("each event needs a file (under tests/events/)");
            }
            events.add(event(file.getParent().resolve("events"), (Map<String, Object>) event));
        }
        return new RouteTestCase(name, file, events,
                (Map<String, List<Map<String, Object>>>) yaml.get("erp"),
                (List<Map<String, Object>>) yaml.get("emails"),
                (List<Map<String, Object>>) yaml.get("messages"));
    }

    @SuppressWarnings("unchecked")
    private static Event event(Path eventsDir, Map<String, Object> event) throws IOException {
        String file = String.valueOf(event.get("file"));
        Path path = eventsDir.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new IOException("event file tests/events/" + file + " not found");
        }
        byte[] body = Files.readAllBytes(path);
        if (event.get("set") instanceof Map<?, ?> set && !set.isEmpty()) {
            JsonNode json = JSON.readTree(body);
            for (Map.Entry<String, Object> field : ((Map<String, Object>) set).entrySet()) {
                setPath(json, field.getKey(), field.getValue());
            }
            body = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
        }
        return new Event(file, body, event.get("answer") == null ? null : String.valueOf(event.get("answer")),
                event.get("reason") == null ? null : String.valueOf(event.get("reason")));
    }

    /** Sets {@code a.b.c} (or {@code items.0.id}) to a value; objects on the way are created. */
    static void setPath(JsonNode root, String path, Object value) throws IOException {
        String[] parts = path.split("\\.");
        JsonNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = node.isArray() ? node.path(Integer.parseInt(parts[i])) : node.path(parts[i]);
            if (next.isMissingNode() || next.isNull()) {
                if (!(node instanceof ObjectNode object)) {
                    throw new IOException("set: " + path + ": no object at " + parts[i]);
                }
                next = object.putObject(parts[i]);
            }
            node = next;
        }
        String last = parts[parts.length - 1];
        // YAML reads an unquoted timestamp as a date: it goes into the event as the ISO-8601 text Voucherify sends
        JsonNode converted = JSON.valueToTree(value instanceof java.util.Date date ? date.toInstant().toString() : value);
        if (node instanceof ObjectNode object) {
            object.set(last, converted);
        } else if (node instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), converted);
        } else {
            throw new IOException("set: " + path + ": not an object");
        }
    }

    /** A case that could not be read: it fails with why. */
    public static RouteTestCase unreadable(Path file) {
        return new RouteTestCase(file.getFileName().toString(), file, List.of(), new LinkedHashMap<>(), null, null);
    }
}
