package com.example.giftcards.rehearsal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.example.giftcards.rehearsal.EventRun.Email;
import com.example.giftcards.rehearsal.EventRun.LegRun;
import com.example.giftcards.rehearsal.EventRun.SentMessage;
import com.example.giftcards.rehearsal.RehearsalErpDataSource.SqlRun;
import com.example.giftcards.routecheck.RouteCheckReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * {@code java -jar app.jar --try EVENT.json [--routes DIR] [--json]}: what the service would do with this webhook
 * body (as Voucherify sends it, unsigned), with no effect anywhere. Runs the route check first, then the real route
 * files in a {@link Rehearsal}: the webhook's answer, each ERP statement with its bound values and update count and
 * the rows it would leave (read before the rollback), the email that would be sent, the JMS messages, and which routes
 * folder it ran (the route check's summary).
 * <p>
 * Exit code 0 when the webhook would be answered accepted, duplicate or ignored (2xx) and every leg would succeed; 1
 * otherwise (a route-check problem, routes that cannot start, an invalid or refused event, a failing leg), with the
 * reason and, where there is one, the file and line; 2 for a wrong command line.
 */
public final class TryEventCommand {

    public static final String OPTION = "--try";
    private static final String USAGE = "Usage: java -jar <application jar> --try EVENT.json [--routes DIR] [--json]";

    private TryEventCommand() {
    }

    public static boolean isRequested(String[] args) {
        return args.length > 0 && args[0].equals(OPTION);
    }

    public static int runFromCommandLine(String[] args, Class<?> application) {
        CommandLine.quietLibraryLogging();
        return run(args, application, System.out, true);
    }

    /** Returns the exit code. */
    public static int run(String[] args, Class<?> application, PrintStream out, boolean quiet) {
        Path event = null;
        Path routes = null;
        boolean json = false;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--json")) {
                json = true;
            } else if (args[i].equals("--routes") && i + 1 < args.length) {
                routes = Path.of(args[++i]).toAbsolutePath().normalize();
            } else if (args[i].startsWith("--routes=")) {
                routes = Path.of(args[i].substring("--routes=".length())).toAbsolutePath().normalize();
            } else if (event == null && !args[i].startsWith("--")) {
                event = Path.of(args[i]);
            } else {
                out.println(USAGE);
                return 2;
            }
        }
        if (event == null) {
            out.println(USAGE);
            return 2;
        }
        byte[] body;
        try {
            body = Files.readAllBytes(event);
        } catch (IOException e) {
            return refuse(out, json, "cannot read " + event + ": " + e.getMessage(), null);
        }
        String missing = CommandLine.missingFolder(routes);
        if (missing != null) {
            return refuse(out, json, missing, null);
        }
        RouteCheckReport check = CommandLine.checkRoutes(routes);
        if (!check.ok()) {
            if (json) {
                Map<String, Object> report = new LinkedHashMap<>();
                report.put("exitCode", 1);
                report.put("reason", "the route check found problems");
                report.put("problems", check.problems().stream().map(Object::toString).toList());
                out.println(toJson(report));
            } else {
                CommandLine.printProblems(check, out);
            }
            return 1;
        }
        try (Rehearsal rehearsal = Rehearsal.start(application, RehearsalMode.TRY, routes, quiet)) {
            EventRun run = rehearsal.run(body);
            int exitCode = run.succeeded() ? 0 : 1;
            if (json) {
                out.println(toJson(asJson(run, rehearsal, check, exitCode)));
            } else {
                print(run, rehearsal, check, exitCode, out);
            }
            return exitCode;
        } catch (RehearsalStartException e) {
            return refuse(out, json, "the routes cannot start: " + e.getMessage(), e.location());
        } catch (Exception e) {
            return refuse(out, json, Rehearsal.describe(e), null);
        }
    }

    private static int refuse(PrintStream out, boolean json, String reason, String location) {
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("exitCode", 1);
            report.put("reason", reason);
            report.put("location", location);
            out.println(toJson(report));
        } else {
            out.println((location != null ? location + ": " : "") + reason);
        }
        return 1;
    }

    // --- the text report, in the order: answer, ERP leg, email leg, JMS messages

    private static void print(EventRun run, Rehearsal rehearsal, RouteCheckReport check, int exitCode, PrintStream out) {
        out.println("Webhook answer: " + run.outcome() + " (" + run.status() + ")"
                + (run.eventId() != null ? ", event " + run.eventId() : "")
                + (run.eventType() != null ? " (" + run.eventType() + ")" : "")
                + (run.reason() != null ? ": " + run.reason() : ""));
        if (run.legs().isEmpty()) {
            out.println("Legs: none run (the event was not handed off to a leg queue)");
        }
        for (LegRun leg : run.legs()) {
            out.println();
            out.println("Leg " + leg.route() + " (from queue " + leg.queue() + "): "
                    + (leg.ok() ? "would succeed" : "would FAIL: " + leg.failure()
                    + (leg.location() != null ? " [" + leg.location() + "]" : "")));
            for (SqlRun statement : leg.statements()) {
                out.println("  SQL " + (statement.file() != null ? statement.file() : "(statement)") + ": "
                        + (statement.error() != null ? "refused: " + Rehearsal.firstLine(statement.error())
                        : statement.updateCount() + " row(s) updated"));
                boundValues(rehearsal, statement).forEach((name, value) -> out.println("    " + name + " = " + value));
            }
            if (!leg.statements().isEmpty() && !run.erpRows().isEmpty()) {
                out.println("  ERP rows for this transaction and voucher afterwards (read before the rollback):");
                run.erpRows().forEach((table, rows) -> {
                    if (rows.isEmpty()) {
                        out.println("    " + table + ": none");
                    }
                    rows.forEach(row -> out.println("    " + table + ": " + row));
                });
            }
            if (!leg.statements().isEmpty() && run.erpRowsError() != null) {
                out.println("  ERP rows could not be read: " + run.erpRowsError());
            }
            for (Email email : leg.emails()) {
                out.println("  Email (rendered, not sent):");
                out.println("    To: " + email.to());
                out.println("    From: " + email.from());
                out.println("    Subject: " + email.subject());
                out.println("    Text body:");
                indented(email.text(), out);
                out.println("    HTML body:");
                indented(email.html(), out);
            }
            if (!leg.ok()) {
                leg.messages().forEach(parked -> out.println("  The service would retry it, then park it on "
                        + parked.destination() + " " + parked.properties()));
            }
            if (leg.emails().isEmpty() && leg.note() != null) {
                out.println("  No email: " + leg.note());
            }
        }
        out.println();
        out.println("JMS messages (captured, not sent):");
        if (run.messages().isEmpty()) {
            out.println("  none");
        }
        for (SentMessage message : run.messages()) {
            out.println("  " + message.destination() + (message.consumedBy() != null
                    ? " (leg queue, read by route " + message.consumedBy() + ")" : "") + ": " + message.properties());
        }
        if (!run.calls().isEmpty()) {
            out.println();
            out.println("Other endpoints the routes would call (captured, not called):");
            run.calls().forEach(call -> out.println("  " + call));
        }
        out.println();
        out.println("Routes: " + check.summary()); // which folder ran: ROUTES_DIR, ./routes or the jar's copy
        out.println("Nothing was changed: " + (rehearsal.configuredErp()
                ? "the ERP statements ran against ERP_DB_URL in a transaction that was rolled back"
                : "the ERP statements ran against an in-memory copy of the service's tables (ERP_DB_URL is not set)")
                + "; no message, email, idempotency key, journal entry or send marker was sent or written.");
        out.println(exitCode == 0 ? "Result: OK (exit 0)" : "Result: FAILED (exit 1): " + failureReason(run));
    }

    private static String failureReason(EventRun run) {
        if (!List.of("accepted", "duplicate", "ignored").contains(run.outcome())) {
            return "the webhook would be answered " + run.outcome() + (run.reason() != null ? ": " + run.reason() : "");
        }
        for (LegRun leg : run.legs()) {
            if (!leg.ok()) {
                return "leg " + leg.route() + " would fail: " + leg.failure()
                        + (leg.location() != null ? " at " + leg.location() : "");
            }
        }
        return "";
    }

    private static void indented(String text, PrintStream out) {
        if (text == null) {
            out.println("      (none)");
            return;
        }
        text.lines().forEach(line -> out.println("      | " + line));
    }

    /** The statement's bound values by the parameter names in its SQL file, in order ({@code :#amount} ...). */
    static Map<String, Object> boundValues(Rehearsal rehearsal, SqlRun statement) {
        List<String> names = rehearsal.sqlFiles().parameterNames(statement.file());
        Map<String, Object> values = new LinkedHashMap<>();
        List<Object> bound = statement.values();
        for (int i = 0; i < bound.size(); i++) {
            String name = i < names.size() && bound.size() == names.size() ? names.get(i) : "?" + (i + 1);
            values.put(name, bound.get(i));
        }
        return values;
    }

    // --- the same as one JSON object

    private static Map<String, Object> asJson(EventRun run, Rehearsal rehearsal, RouteCheckReport check, int exitCode) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("routes", check.location());
        json.put("outcome", run.outcome());
        json.put("status", run.status());
        json.put("reason", run.reason());
        try {
            json.put("answer", new ObjectMapper().readTree(run.answer() == null ? "null" : run.answer()));
        } catch (IOException notJson) {
            json.put("answer", run.answer());
        }
        json.put("eventId", run.eventId());
        json.put("eventType", run.eventType());
        List<Object> legs = new ArrayList<>();
        for (LegRun leg : run.legs()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("route", leg.route());
            l.put("queue", leg.queue());
            l.put("ok", leg.ok());
            l.put("failure", leg.failure());
            l.put("location", leg.location());
            List<Object> statements = new ArrayList<>();
            for (SqlRun statement : leg.statements()) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("file", statement.file());
                s.put("values", plain(boundValues(rehearsal, statement)));
                s.put("updateCount", statement.updateCount());
                s.put("error", statement.error() == null ? null : Rehearsal.firstLine(statement.error()));
                statements.add(s);
            }
            l.put("statements", statements);
            l.put("emails", leg.emails());
            l.put("note", leg.note());
            legs.add(l);
        }
        json.put("legs", legs);
        Map<String, Object> rows = new LinkedHashMap<>();
        run.erpRows().forEach((table, list) -> rows.put(table, list.stream().map(TryEventCommand::plain).toList()));
        json.put("erpRows", rows);
        json.put("erpRowsError", run.erpRowsError());
        json.put("messages", run.messages().stream().map(m -> {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("destination", m.destination());
            message.put("properties", m.properties());
            message.put("consumedBy", m.consumedBy());
            return message;
        }).toList());
        json.put("calls", run.calls());
        json.put("erpDatabase", rehearsal.configuredErp() ? "ERP_DB_URL, rolled back" : "in-memory");
        json.put("exitCode", exitCode);
        return json;
    }

    /** Numbers, booleans and null as they are, everything else (timestamps ...) as text. */
    static Map<String, Object> plain(Map<String, Object> values) {
        Map<String, Object> plain = new LinkedHashMap<>();
        values.forEach((k, v) -> plain.put(k, v == null || v instanceof Number || v instanceof Boolean ? v : String.valueOf(v)));
        return plain;
    }

    private static String toJson(Object value) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
