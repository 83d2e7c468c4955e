package com.example.giftcards.rehearsal;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.example.giftcards.rehearsal.EventRun.Email;
import com.example.giftcards.rehearsal.EventRun.LegRun;
import com.example.giftcards.rehearsal.EventRun.SentMessage;

/**
 * Runs route tests ({@link RouteTestCase}) in a {@link Rehearsal} of {@link RehearsalMode#TEST}: each case from empty
 * databases, its events one after the other through the real route files, then compares what the case lists.
 */
public final class RouteTests {

    /** A case's result: passed, or what differed ({@code expected …, got …}). */
    public record Result(String name, List<String> differences) {
        public boolean passed() {
            return differences.isEmpty();
        }

        public String line() {
            return passed() ? "PASS " + name : "FAIL " + name + ": " + String.join("; ", differences);
        }
    }

    public static final String ERP_SCHEMA = "erp-schema.sql";

    private final Rehearsal rehearsal;

    public RouteTests(Rehearsal rehearsal) {
        this.rehearsal = rehearsal;
    }

    /**
     * The ERP's own columns and tables beyond the service's (what the ERP's owners added, e.g. worked example 2 of
     * docs/changing-routes.md), from {@code tests/erp-schema.sql} if there is one: run once on the in-memory ERP
     * database before the cases. Statements end with {@code ;} at the end of a line.
     */
    public void prepareErp(Path testsDir) throws Exception {
        Path schema = testsDir.resolve(ERP_SCHEMA);
        if (java.nio.file.Files.isRegularFile(schema)) {
            rehearsal.runOnErp(java.nio.file.Files.readString(schema).replaceAll("(?m)--.*$", "").split(";\\s*(\\n|$)"));
        }
    }

    /** Reads and runs one case file. */
    public Result run(Path file) {
        RouteTestCase testCase;
        try {
            testCase = RouteTestCase.read(file);
        } catch (IOException e) {
            return new Result(file.getFileName().toString(), List.of("cannot read the case: " + e.getMessage()));
        }
        try {
            return run(testCase);
        } catch (Exception e) {
            return new Result(testCase.name(), List.of("could not run: " + Rehearsal.describe(e)));
        }
    }

    public Result run(RouteTestCase testCase) throws Exception {
        rehearsal.emptyDatabases();
        List<String> differences = new ArrayList<>();
        List<Email> emails = new ArrayList<>();
        List<SentMessage> leaving = new ArrayList<>();
        int index = 0;
        for (RouteTestCase.Event event : testCase.events()) {
            index++;
            EventRun run = rehearsal.run(event.body());
            String which = testCase.events().size() > 1 ? "event " + index + " (" + event.file() + ")" : event.file();
            if (event.answer() != null && !event.answer().equals(run.outcome())) {
                differences.add(which + ": expected answer " + event.answer() + ", got " + run.outcome()
                        + (run.reason() != null ? " (" + run.reason() + ")" : ""));
            }
            if (event.reason() != null && (run.reason() == null || !run.reason().contains(event.reason()))) {
                differences.add(which + ": expected a reason containing \"" + event.reason() + "\", got " + quote(run.reason()));
            }
            for (LegRun leg : run.legs()) {
                if (!leg.ok()) {
                    differences.add(which + ": leg " + leg.route() + " failed: " + leg.failure()
                            + (leg.location() != null ? " at " + leg.location() : ""));
                }
            }
            run.calls().forEach(call -> differences.add(which + ": the routes call " + call
                    + " (a route test has no neighbours; captured, not called)"));
            emails.addAll(run.emails());
            run.messages().stream().filter(m -> m.consumedBy() == null).forEach(leaving::add);
        }
        if (testCase.erp() != null) {
            for (Map.Entry<String, List<Map<String, Object>>> table : testCase.erp().entrySet()) {
                compareTable(table.getKey(), table.getValue() == null ? List.of() : table.getValue(), differences);
            }
        }
        if (testCase.emails() != null) {
            compareEmails(testCase.emails(), emails, differences);
        }
        if (testCase.messages() != null) {
            compareMessages(testCase.messages(), leaving, differences);
        }
        return new Result(testCase.name(), differences);
    }

    private void compareTable(String table, List<Map<String, Object>> expected, List<String> differences) throws Exception {
        if (!rehearsal.erpTableExists(table)) {
            differences.add("erp: no table " + table);
            return;
        }
        List<Map<String, Object>> actual = new ArrayList<>(rehearsal.erpRows(table));
        List<Map<String, Object>> unmatched = new ArrayList<>(actual);
        for (Map<String, Object> row : expected) {
            Map<String, Object> match = unmatched.stream().filter(a -> rowMatches(row, a)).findFirst().orElse(null);
            if (match == null) {
                differences.add(table + ": expected a row " + row + ", got " + (actual.isEmpty() ? "no rows"
                        : actual.stream().map(a -> listedColumns(row, a).toString()).toList()));
            } else {
                unmatched.remove(match);
            }
        }
        if (actual.size() != expected.size()) {
            differences.add(table + ": expected " + expected.size() + " row(s), got " + actual.size());
        }
    }

    private static boolean rowMatches(Map<String, Object> expected, Map<String, Object> actual) {
        return expected.entrySet().stream().allMatch(column ->
                Objects.equals(normal(column.getValue()), normal(actual.get(column.getKey().toLowerCase()))));
    }

    /** The actual row, cut to the columns the case lists (so that a difference reads at a glance). */
    private static Map<String, Object> listedColumns(Map<String, Object> expected, Map<String, Object> actual) {
        Map<String, Object> listed = new java.util.LinkedHashMap<>();
        expected.keySet().forEach(column -> listed.put(column, normal(actual.get(column.toLowerCase()))));
        return listed;
    }

    /** Values compared as text: numbers without their scale, timestamps as instants, text trimmed (CHAR columns). */
    static String normal(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant().toString();
        }
        if (value instanceof java.util.Date date) {
            return date.toInstant().toString();
        }
        String text = String.valueOf(value).strip();
        if (text.length() > 18 && Character.isDigit(text.charAt(0)) && text.contains("T")) {
            try {
                return OffsetDateTime.parse(text).toInstant().toString();
            } catch (DateTimeParseException e) {
                try {
                    return Instant.parse(text).toString();
                } catch (DateTimeParseException notATime) {
                    return text;
                }
            }
        }
        return text;
    }

    private static void compareEmails(List<Map<String, Object>> expected, List<Email> actual, List<String> differences) {
        if (expected.size() != actual.size()) {
            differences.add("expected " + expected.size() + " email(s), got " + actual.size()
                    + (actual.isEmpty() ? "" : " (to " + actual.stream().map(Email::to).toList() + ")"));
        }
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            Email email = actual.get(i);
            String which = expected.size() > 1 ? "email " + (i + 1) + " " : "email ";
            for (Map.Entry<String, Object> part : expected.get(i).entrySet()) {
                String got = switch (part.getKey()) {
                    case "to" -> email.to();
                    case "from" -> email.from();
                    case "subject" -> email.subject();
                    case "text" -> email.text();
                    case "html" -> email.html();
                    default -> null;
                };
                if (!List.of("to", "from", "subject", "text", "html").contains(part.getKey())) {
                    differences.add(which + "has no part '" + part.getKey() + "' (to, from, subject, text, html)");
                    continue;
                }
                textMatches(which + part.getKey(), part.getValue(), got, differences);
            }
        }
    }

    /** A plain value must equal; {@code {contains: …}} (text or a list) must each be in it; {@code {equals: …}}. */
    @SuppressWarnings("unchecked")
    private static void textMatches(String what, Object expected, String got, List<String> differences) {
        if (expected instanceof Map<?, ?> rule) {
            Object contains = ((Map<String, Object>) rule).get("contains");
            if (contains != null) {
                List<Object> all = contains instanceof List<?> list ? (List<Object>) list : List.of(contains);
                for (Object text : all) {
                    if (!(text instanceof String) && !(text instanceof Number)) {
                        differences.add(what + ": " + text + " is not a text: put a text with \": \" in quotes");
                    } else if (got == null || !got.contains(String.valueOf(text))) {
                        differences.add(what + ": expected to contain \"" + text + "\", got " + quote(got));
                    }
                }
            }
            Object equals = ((Map<String, Object>) rule).get("equals");
            if (equals != null && !String.valueOf(equals).equals(got)) {
                differences.add(what + ": expected \"" + equals + "\", got " + quote(got));
            }
            return;
        }
        String want = expected == null ? null : String.valueOf(expected);
        if (!Objects.equals(want, got)) {
            differences.add(what + ": expected " + quote(want) + ", got " + quote(got));
        }
    }

    @SuppressWarnings("unchecked")
    private static void compareMessages(List<Map<String, Object>> expected, List<SentMessage> all, List<String> differences) {
        // Only the queues the case names are compared (all of them for "messages: []"): a queue added for other
        // events, or a second subscriber's queue, does not break a case about this one.
        java.util.Set<String> queues = new java.util.HashSet<>();
        expected.forEach(message -> queues.add(String.valueOf(message.get("queue"))));
        List<SentMessage> actual = expected.isEmpty() || queues.contains("null") ? all
                : all.stream().filter(message -> queues.contains(message.destination())).toList();
        if (expected.size() != actual.size()) {
            differences.add("expected " + expected.size() + " message(s) out, got " + actual.size() + " "
                    + actual.stream().map(SentMessage::destination).toList());
        }
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            Map<String, Object> want = expected.get(i);
            SentMessage got = actual.get(i);
            String which = expected.size() > 1 ? "message " + (i + 1) : "message";
            if (want.get("queue") != null && !String.valueOf(want.get("queue")).equals(got.destination())) {
                differences.add(which + ": expected queue " + want.get("queue") + ", got " + got.destination());
            }
            if (want.get("properties") instanceof Map<?, ?> properties) {
                ((Map<String, Object>) properties).forEach((name, value) -> {
                    String have = normal(got.properties().get(name));
                    if (!Objects.equals(normal(value), have)) {
                        differences.add(which + " property " + name + ": expected " + quote(normal(value)) + ", got " + quote(have));
                    }
                });
            }
        }
    }

    private static String quote(String text) {
        if (text == null) {
            return "nothing";
        }
        String shown = text.length() > 300 ? text.substring(0, 300) + "…" : text;
        return "\"" + shown.replace("\n", "\\n") + "\"";
    }
}
