package com.example.giftcards.camel.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.example.giftcards.support.AppProcess;
import com.example.giftcards.support.Fixtures;
import com.example.giftcards.support.TestErpDatabase;
import com.example.giftcards.support.TestMail;
import com.example.giftcards.support.Webhooks;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Live edits (ROUTES_RELOAD=true) of the running application - in a JVM of its own, with a copy of routes/ as
 * ROUTES_DIR - while webhooks keep coming, paced by a scheduled executor, as Voucherify sends them. Each edit is a real
 * write to a file on disk. A good edit shows in the outcome of the events that follow within 5 seconds; a broken
 * one is refused with one ERROR line naming the file and the line, the routes that ran go on serving, health stays
 * UP, and the next good edit is picked up. Throughout, every accepted event reaches the ERP ledger once and the
 * mailbox once, and each leg ran for it once (in-flight events finish on the routes they started on).
 * <p>
 * No sleeps: the file watcher is Linux inotify, which reports every write (no timestamp granularity to wait out),
 * and the edits are recognised by their content, so every step awaits what it expects; the traffic is paced by a
 * scheduled executor.
 */
class LiveEditsTest {

    private static final String SECRET = "live-edits-test-secret";
    private static final Duration PICKED_UP = Duration.ofSeconds(5);
    private static final Duration PROCESSED = Duration.ofSeconds(60);
    private static final TestMail MAIL = TestMail.shared();
    private static final Pattern ERP_RUN = Pattern.compile("ERP updated for transaction vtx_(\\w+) ");
    private static final Pattern EMAIL_RUN = Pattern.compile("Top-up email sent for transaction vtx_(\\w+)$");

    private static Path routes;
    private static Path log;
    private static AppProcess app;
    private static Webhooks webhooks;
    private static JdbcTemplate erp;

    @BeforeAll
    static void startWithLiveEdits() throws Exception {
        Path work = Files.createTempDirectory("live-edits");
        routes = work.resolve("routes");
        copy(Path.of("routes"), routes);
        String erpUrl = TestErpDatabase.newDatabaseUrl();
        int port = AppProcess.freePort();
        Map<String, String> env = AppProcess.wiredToTestServices(port, work.resolve("data"), erpUrl, SECRET);
        env.put("ROUTES_DIR", routes.toString());
        env.put("ROUTES_RELOAD", "true");
        // queues of its own on the shared broker: nothing another test left behind reaches this log or these legs
        for (String queue : List.of("public", "erp", "email", "unhandled", "invalid")) {
            env.put("GIFT_QUEUES_" + queue.toUpperCase(), "live-edits-test." + queue);
        }
        log = work.resolve("app.log");
        app = AppProcess.start(env, log);
        webhooks = new Webhooks(port, SECRET);
        erp = new JdbcTemplate(new DriverManagerDataSource(erpUrl, TestErpDatabase.user(), TestErpDatabase.password()));
        await().atMost(Duration.ofSeconds(30)).until(() -> logLines().stream().anyMatch(l -> l.contains("Live edits on")));
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.destroy();
        }
    }

    // Good edits

    @Test
    void anEditedEmailSubjectIsUsedByTheNextEmail() {
        String subject = "Edited subject " + Fixtures.unique();
        try (Traffic traffic = Traffic.start()) {
            traffic.awaitProcessed(3);

            edit("templates/top-up-email.subject.mustache", text -> subject + " " + text);

            pickedUp(traffic, LiveEditsTest::subjectOf, subject);
        }
    }

    @Test
    void anEditedTemplateIsUsedByTheNextEmail() {
        String greeting = "Edited greeting " + Fixtures.unique();
        try (Traffic traffic = Traffic.start()) {
            traffic.awaitProcessed(3);

            edit("templates/top-up-email.txt.mustache", text -> greeting + "\n" + text);

            pickedUp(traffic, LiveEditsTest::firstTextLineOf, greeting);
        }
    }

    /**
     * A language's template is chosen per email, and no route names it: a new one is used by the next email, an edit
     * to it too, and a broken edit is refused while emails go on with what was read before. The traffic's customers
     * have no language, so they get the default language's (en) templates: here a file of its own.
     */
    @Test
    void aNewLanguageTemplateAndItsEditsAreUsedByTheNextEmail() {
        String template = "templates/top-up-email.en.html.mustache";
        String english = read("templates/top-up-email.html.mustache");
        String created = "New language file " + Fixtures.unique();
        String edited = "Edited language file " + Fixtures.unique();
        try {
            try (Traffic traffic = Traffic.start()) {
                traffic.awaitProcessed(3);

                write(template, english.replaceFirst("<title>[^<]*</title>", "<title>" + created + "</title>"));

                pickedUp(traffic, LiveEditsTest::htmlTitleOf, created);
            }
            try (Traffic traffic = Traffic.start()) {
                traffic.awaitProcessed(3);

                edit(template, html -> html.replace(created, edited));

                pickedUp(traffic, LiveEditsTest::htmlTitleOf, edited);
            }
            try (Traffic traffic = Traffic.start()) {
                traffic.awaitProcessed(3);
                int mark = logLines().size();
                String good = read(template);
                int line = lineOf(good, "{{/body.voucherCode}}.</p>");

                edit(template, html -> replaceOnce(html, "{{/body.voucherCode}}.</p>", ".</p>"));

                String error = await().atMost(PICKED_UP).until(() -> errorLinesSince(mark), lines -> !lines.isEmpty()).get(0);
                assertThat(error).contains("Edit refused: " + routes.resolve(template) + " line " + line + ": ")
                        .contains("Failed to close 'body.voucherCode' tag", "Emails keep using the templates read before.");
                List<String> meanwhile = traffic.awaitProcessedSentAfter(Instant.now(), 5);
                assertThat(meanwhile).allSatisfy(id -> assertThat(htmlTitleOf(id)).as("event %s, after the refusal", id).isEqualTo(edited));
                everyAcceptedEventReachedBothLegsOnce(traffic.stop());
                assertThat(errorLinesSince(mark)).as("ERROR lines since the broken edit").hasSize(1);
            }
        } finally {
            int mark = logLines().size();
            delete(template); // so that the other tests find the default language's templates
            await().atMost(PICKED_UP).until(() -> linesSince(mark).stream()
                    .anyMatch(l -> l.contains("top-up-email.en.html.mustache was deleted")));
        }
    }

    @Test
    void anEditedSqlFileShapesTheNextLedgerRow() {
        String source = "edited-sql-" + Fixtures.unique();
        try (Traffic traffic = Traffic.start()) {
            traffic.awaitProcessed(3);

            edit("sql/record-transaction.sql", sql -> replaceOnce(sql, "s.reason, s.source, s.occurred_at",
                    "s.reason, '" + source + "', s.occurred_at"));

            pickedUp(traffic, LiveEditsTest::ledgerSourceOf, source);
        }
    }

    @Test
    void aRouteConfigurationEditReloadsEveryRouteFileWhileWebhooksKeepComing() {
        String description = "Intake failures as HTTP answers " + Fixtures.unique();
        List<String> notUp = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean watching = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread healthWatch = new Thread(() -> {
            while (watching.get()) {
                HttpResponse<String> health = get("/actuator/health");
                if (health.statusCode() != 200 || !health.body().contains("\"status\":\"UP\"")) {
                    notUp.add(health.statusCode() + " " + health.body());
                }
            }
        }, "live-edits-health-watch");
        try (Traffic traffic = Traffic.start()) {
            traffic.awaitProcessed(3);
            int mark = logLines().size();
            healthWatch.start();

            edit("00-route-configurations.camel.yaml", yaml -> replaceOnce(yaml,
                    "description: Intake failures as HTTP answers\n", "description: " + description + "\n"));

            // the routes use their configurations as they were when they were created: all of them are reloaded
            List<String> others = routeFiles().stream().filter(f -> !f.startsWith("00-")).toList();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(linesSince(mark))
                    .filteredOn(l -> l.contains("Route configurations changed in " + routes.resolve("00-route-configurations.camel.yaml")))
                    .hasSize(others.size()));
            traffic.awaitProcessedSentAfter(Instant.now(), 3);
            watching.set(false);
            List<String> accepted = traffic.stop();

            // the intake itself was reloaded, webhooks held meanwhile (noWebhookIsRefusedWhileEachKindOfFileIsSwapped)
            everyAcceptedEventReachedBothLegsOnce(accepted);
            assertThat(errorLinesSince(mark)).isEmpty();
            assertThat(notUp).as("health answers other than UP while every route was swapped").isEmpty();
        } finally {
            watching.set(false);
        }
    }

    /**
     * Issue #23: a steady stream of signed webhooks (20 a second, each sent once, never retried) while each kind of
     * file is edited in turn: the intake route, a leg route, the route configurations (every route file reloaded),
     * an SQL file, a template, an edit refused by the checks and one Camel cannot start (put back); then everything
     * put back as it was. Every webhook is answered 2xx: one that arrives during a swap waits for it (EditGate) instead
     * of being refused; every accepted event reaches the ERP and the customer exactly once, each leg running once.
     */
    @Test
    void noWebhookIsRefusedWhileEachKindOfFileIsSwapped() {
        String intake = "10-webhook-intake.camel.yaml";
        String email = "31-customer-email.camel.yaml";
        String configurations = "00-route-configurations.camel.yaml";
        String sql = "sql/record-transaction.sql";
        String subject = "templates/top-up-email.subject.mustache";
        Map<String, String> good = new java.util.LinkedHashMap<>();
        for (String file : List.of(intake, email, configurations, sql, subject)) {
            good.put(file, read(file));
        }
        String marker = Fixtures.unique();
        List<String> swaps = new ArrayList<>();
        Map<String, Integer> answers;
        try (SteadyStream stream = SteadyStream.start(Duration.ofMillis(50))) {
            stream.awaitMoreAnswered(20);

            String firstStep = "            id: read-request-body     # charset, size and body (415, 413, 400)\n";
            swaps.add(swapped(stream, intake, yaml -> replaceOnce(yaml, firstStep,
                    firstStep + "            description: Request body checks " + marker + "\n")));
            swaps.add(swapped(stream, email, withSender("Sender " + marker)));
            swaps.add(swapped(stream, configurations, yaml -> replaceOnce(yaml,
                    "description: Intake failures as HTTP answers\n", "description: Intake failures " + marker + "\n")));
            swaps.add(swapped(stream, sql, text -> replaceOnce(text, "s.reason, s.source, s.occurred_at",
                    "s.reason, 'source-" + marker + "', s.occurred_at")));
            swaps.add(swapped(stream, subject, text -> "Subject " + marker + " " + text));

            refused(stream, intake, yaml -> yaml.replaceFirst("\n        - setProperty:\n", "\n        - setPropertyy:\n"),
                    "Unknown node id: setPropertyy");
            String handled = "          handled:\n            constant:\n              expression: \"true\"\n";
            refused(stream, configurations, yaml -> replaceOnce(yaml, handled,
                    handled.replace("constant", "simple").replace("true", "${header.x")), "cannot start with it");

            for (Map.Entry<String, String> file : good.entrySet()) { // every file as it was: more swaps
                swaps.add(swapped(stream, file.getKey(), text -> file.getValue()));
            }
            answers = stream.stop();
        } finally {
            good.forEach(LiveEditsTest::write);
        }

        assertThat(answers).as("webhooks sent").hasSizeGreaterThan(100);
        Map<String, Integer> refused = new java.util.TreeMap<>(answers);
        refused.values().removeIf(status -> status == 200 || status == 202);
        assertThat(refused).as("of %d webhooks, those answered other than 2xx (-1: no answer)", answers.size()).isEmpty();
        assertThat(swaps).as("swap log lines").allSatisfy(line -> assertThat(line).contains("requests held for"));
        assertThat(swaps.stream().mapToInt(LiveEditsTest::heldIn).sum()).as("webhooks that waited for a swap").isPositive();
        everyAcceptedEventReachedBothLegsOnce(List.copyOf(answers.keySet()));
        assertThat(answers.keySet()).as("events handled after all five edits").anySatisfy(id -> {
            assertThat(ledgerSourceOf(id)).isEqualTo("source-" + marker);
            assertThat(senderOf(id)).contains("Sender " + marker);
            assertThat(subjectOf(id)).startsWith("Subject " + marker);
        });
    }

    /** Edits the file while the stream goes on; its swap's log line, once done. */
    private static String swapped(SteadyStream stream, String file, UnaryOperator<String> change) {
        int mark = logLines().size();
        String before = read(file);
        String after = change.apply(before);
        assertThat(after).as("the edit of %s changes it", file).isNotEqualTo(before);
        write(file, after);
        // one swap: for a route file (a route-configuration edit: every route file at once), for the route file
        // that names an SQL file or template
        String line = await().atMost(Duration.ofSeconds(30)).until(() -> linesSince(mark).stream()
                .filter(l -> l.contains("Swap for ")).findFirst(), Optional::isPresent).get();
        stream.awaitMoreAnswered(20);
        return line;
    }

    /** A broken edit while the stream goes on: refused, and put right again. */
    private static void refused(SteadyStream stream, String file, UnaryOperator<String> breakIt, String why) {
        int mark = logLines().size();
        String good = read(file);
        edit(file, breakIt);
        String error = await().atMost(Duration.ofSeconds(30)).until(() -> guardErrorLinesSince(mark), l -> !l.isEmpty()).get(0);
        assertThat(error).contains("Edit refused: " + routes.resolve(file)).contains(why);
        stream.awaitMoreAnswered(20);
        write(file, good);
        await().atMost(PICKED_UP).until(() -> linesSince(mark).stream().anyMatch(l -> l.contains("is back to the version that runs")));
    }

    /** The number of requests a swap's log line says it held. */
    private static int heldIn(String swapLine) {
        Matcher held = Pattern.compile("requests held for \\d+ ms \\((\\d+) waiting\\)").matcher(swapLine);
        assertThat(held.find()).as("swap line %s", swapLine).isTrue();
        return Integer.parseInt(held.group(1));
    }

    @Test
    void routeConfigurationsThatRoutesCannotBeBuiltWithAreRefusedAndEverythingIsPutBack() {
        String file = "00-route-configurations.camel.yaml";
        String good = read(file);
        String handled = "          handled:\n            constant:\n              expression: \"true\"\n";
        try (Traffic traffic = Traffic.start()) {
            traffic.awaitProcessed(3);
            int mark = logLines().size();

            // parses, and names nothing that is missing, but Camel cannot build the intake's error handler with it
            edit(file, yaml -> replaceOnce(yaml, handled, handled.replace("constant", "simple").replace("true", "${header.x")));

            String error = await().atMost(Duration.ofSeconds(30)).until(() -> guardErrorLinesSince(mark), l -> !l.isEmpty()).get(0);
            assertThat(error).contains("Edit refused: " + routes.resolve(file) + ": the routes of 10-webhook-intake.camel.yaml cannot start with it")
                    .contains("The route configurations and routes loaded before are put back.");
            traffic.awaitProcessedSentAfter(Instant.now(), 5);
            assertThat(guardErrorLinesSince(mark)).hasSize(1);
            assertThat(get("/actuator/health").body()).contains("\"status\":\"UP\"");
            List<String> accepted = traffic.stop();

            everyAcceptedEventReachedBothLegsOnce(accepted);
        } finally {
            write(file, good);
        }
    }

    @Test
    void aNewRouteFileIsLoadedAndARouteRenamedInItReplacesTheOldOne() {
        String file = "50-live-edits-test.camel.yaml";
        String first = "extra-" + Fixtures.unique();
        String second = "extra-" + Fixtures.unique();
        int mark = logLines().size();

        write(file, timerRoute(first));
        await().atMost(PICKED_UP).until(() -> linesSince(mark).stream().anyMatch(l -> l.endsWith(first + " ran")));

        write(file, timerRoute(second));
        await().atMost(PICKED_UP).until(() -> linesSince(mark).stream().anyMatch(l -> l.endsWith(second + " ran")));
        assertThat(linesSince(mark)).anyMatch(l -> l.contains("Removed route " + first + ": it is no longer in "));
        assertThat(errorLinesSince(mark)).isEmpty();
    }

    @Test
    void aRouteFileThatBreaksTheHouseRulesIsRefusedLikeAtStartUp() {
        String file = "51-live-edits-rules-test.camel.yaml";
        String id = "extra-" + Fixtures.unique();
        int mark = logLines().size();

        write(file, timerRoute(id).replace("- route:\n    id: " + id + "\n", "- route:\n"));

        String error = await().atMost(PICKED_UP).until(() -> errorLinesSince(mark), l -> !l.isEmpty()).get(0);
        assertThat(error).contains("Edit refused: " + routes.resolve(file), "route has no id");
        assertThat(linesSince(mark)).noneMatch(l -> l.endsWith(id + " ran"));
    }

    private static String timerRoute(String id) {
        return """
                - route:
                    id: %s
                    description: A route added while the service runs
                    from:
                      id: %s-timer
                      description: Once
                      uri: timer:%s?repeatCount=1
                      steps:
                        - log:
                            id: %s-log
                            description: Says it ran
                            message: "%s ran"
                """.formatted(id, id, id, id, id);
    }

    // Refused edits: the routes as they were keep serving; the next good edit is picked up

    @Test
    void yamlThatDoesNotParseIsRefusedThenTheFixIsPickedUp() {
        String file = "31-customer-email.camel.yaml";
        String good = read(file);
        int line = lineOf(good, "    group: email") + 1;

        refusedThenFixed(file, yaml -> yaml.replaceFirst("\n    group: email\n", "\n    group: email\n   broken: [unclosed\n"),
                file, line, "expected <block end>",
                LiveEditsTest::senderOf, "Fixed sender " + Fixtures.unique(), sender -> write(file, withSender(sender).apply(good)));
    }

    @Test
    void anUnknownStepIsRefusedThenTheFixIsPickedUp() {
        String file = "31-customer-email.camel.yaml";
        String good = read(file);
        int line = lineOf(good, "        - setProperty:");

        refusedThenFixed(file, yaml -> yaml.replaceFirst("\n        - setProperty:\n", "\n        - setPropertyy:\n"),
                file, line, "Unknown node id: setPropertyy",
                LiveEditsTest::senderOf, "Fixed sender " + Fixtures.unique(), sender -> write(file, withSender(sender).apply(good)));
    }

    @Test
    void aStepNamingAMissingSqlFileIsRefusedThenCreatingTheFileIsPickedUp() {
        String file = "30-erp-update.camel.yaml";
        String sql = "update-balance-" + Fixtures.unique() + ".sql";
        String good = read(file);
        int uri = lineOf(good, "uri: sql:{{erp-sql:update-balance.sql}}");

        refusedThenFixed(file, yaml -> replaceOnce(yaml, "{{erp-sql:update-balance.sql}}\n", "{{erp-sql:" + sql + "}}\n"),
                file, uri, "SQL file sql/" + sql + " not found",
                LiveEditsTest::balanceVoucherCodeOf, "created-sql-" + Fixtures.unique(),
                code -> write("sql/" + sql, replaceOnce(read("sql/update-balance.sql"),
                        "VALUES (s.voucher_id, s.voucher_code,", "VALUES (s.voucher_id, '" + code + "',")));
    }

    @Test
    void aTemplateThatDoesNotCompileIsRefusedThenTheFixIsPickedUp() {
        String template = "templates/top-up-email.html.mustache";
        String good = read(template);
        int line = lineOf(good, "{{/body.voucherCode}}.</p>");

        refusedThenFixed(template, html -> replaceOnce(html, "{{/body.voucherCode}}.</p>", ".</p>"),
                template, line, "Failed to close 'body.voucherCode' tag",
                LiveEditsTest::htmlTitleOf, "Fixed title " + Fixtures.unique(),
                title -> write(template, good.replaceFirst("<title>[^<]*</title>", "<title>" + title + "</title>")));
    }

    @Test
    void aBeanNobodyDefinedIsRefusedThenTheFixIsPickedUp() {
        String file = "31-customer-email.camel.yaml";
        String good = read(file);
        int line = lineBefore(good, lineOf(good, "ref: emailSendMarkers"), "- setProperty:"); // a method call

        refusedThenFixed(file, yaml -> replaceOnce(yaml, "ref: emailSendMarkers\n", "ref: emailSendMarkerz\n"),
                file, line, "no bean is named emailSendMarkerz",
                LiveEditsTest::senderOf, "Fixed sender " + Fixtures.unique(), sender -> write(file, withSender(sender).apply(good)));
    }

    /**
     * Breaks {@code edited}; expects one ERROR line naming {@code reported} and its line, health UP, and events
     * after it shaped by the routes as they were; then fixes it with {@code fix(marker)} and expects the events
     * after that to show the marker.
     */
    private static void refusedThenFixed(String edited, UnaryOperator<String> breakIt, String reported, int line, String why,
            Function<String, String> outcome, String marker, Consumer<String> fix) {
        boolean fixed = false;
        try (Traffic traffic = Traffic.start()) {
            String before = outcome.apply(traffic.awaitProcessed(3).get(2));
            int mark = logLines().size();

            edit(edited, breakIt);

            String error = await().atMost(PICKED_UP).until(() -> errorLinesSince(mark), lines -> !lines.isEmpty()).get(0);
            assertThat(error).contains("Edit refused: " + routes.resolve(reported) + " line " + line + ": ").contains(why)
                    .contains(edited.endsWith(".mustache") // no route names a template: the email leg chooses it per email
                            ? "Emails keep using the templates read before." : "The routes loaded before keep running.");
            List<String> meanwhile = traffic.awaitProcessedSentAfter(Instant.now(), 5);
            assertThat(meanwhile).allSatisfy(id -> assertThat(outcome.apply(id)).as("event %s, after the refusal", id).isEqualTo(before));
            assertThat(errorLinesSince(mark)).as("ERROR lines since the broken edit").hasSize(1);
            HttpResponse<String> health = get("/actuator/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");

            fix.accept(marker);
            fixed = true;

            pickedUp(traffic, outcome, marker);
            assertThat(errorLinesSince(mark)).hasSize(1);
        } finally {
            if (!fixed) {
                fix.accept(marker); // so that the other tests find working routes
            }
        }
    }

    /**
     * The outcome of an event sent after the edit shows the marker within 5 s of the edit, and so does that of every
     * event sent after that was seen; every accepted event reached both legs once.
     */
    private static void pickedUp(Traffic traffic, Function<String, String> outcome, String marker) {
        Instant edited = Instant.now();
        await().atMost(PICKED_UP).until(() -> traffic.processedSentAfter(edited).stream()
                .anyMatch(id -> outcome.apply(id).contains(marker)));
        Instant seen = Instant.now();
        List<String> after = traffic.awaitProcessedSentAfter(seen, 3);
        List<String> accepted = traffic.stop();

        everyAcceptedEventReachedBothLegsOnce(accepted);
        assertThat(after).allSatisfy(id -> assertThat(outcome.apply(id)).as("event %s", id).contains(marker));
        System.out.printf("%s: picked up %d ms after the edit; %d events accepted%n", marker,
                Duration.between(edited, seen).toMillis(), accepted.size());
    }

    private static void everyAcceptedEventReachedBothLegsOnce(List<String> accepted) {
        assertThat(accepted).isNotEmpty();
        await().atMost(PROCESSED).until(() -> accepted.stream().allMatch(LiveEditsTest::processed));
        Map<String, Integer> erpRuns = runs(ERP_RUN);
        Map<String, Integer> emailRuns = runs(EMAIL_RUN);
        assertThat(accepted).allSatisfy(id -> {
            assertThat(erp.queryForObject("SELECT COUNT(*) FROM gift_card_transaction WHERE transaction_id = ?",
                    Integer.class, "vtx_" + id)).as("ledger rows of %s", id).isEqualTo(1);
            assertThat(MAIL.to(Fixtures.emailOf(id))).as("emails of %s", id).hasSize(1);
            assertThat(erpRuns.get(id)).as("ERP leg runs for %s", id).isEqualTo(1);
            assertThat(emailRuns.get(id)).as("email sends for %s", id).isEqualTo(1);
        });
    }

    // What an event came to

    private static boolean processed(String id) {
        return !MAIL.to(Fixtures.emailOf(id)).isEmpty() && erp.queryForObject(
                "SELECT COUNT(*) FROM gift_card_transaction WHERE transaction_id = ?", Integer.class, "vtx_" + id) > 0;
    }

    private static String subjectOf(String id) {
        return email(id).map(m -> {
            try {
                return m.getSubject();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).orElse("");
    }

    private static String senderOf(String id) {
        return email(id).map(m -> {
            try {
                return m.getFrom()[0].toString();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).orElse("");
    }

    private static String firstTextLineOf(String id) {
        return email(id).map(m -> part(m, "text/plain").lines().findFirst().orElse("")).orElse("");
    }

    private static String htmlTitleOf(String id) {
        return email(id).map(m -> {
            Matcher title = Pattern.compile("<title>([^<]*)</title>").matcher(part(m, "text/html"));
            return title.find() ? title.group(1) : "";
        }).orElse("");
    }

    private static String ledgerSourceOf(String id) {
        List<String> sources = erp.queryForList("SELECT source FROM gift_card_transaction WHERE transaction_id = ?",
                String.class, "vtx_" + id);
        return sources.isEmpty() ? "" : String.valueOf(sources.get(0));
    }

    private static String balanceVoucherCodeOf(String id) {
        List<String> codes = erp.queryForList("SELECT voucher_code FROM gift_card_balance WHERE voucher_id = ?",
                String.class, "v_" + id);
        return codes.isEmpty() ? "" : String.valueOf(codes.get(0));
    }

    private static Optional<MimeMessage> email(String id) {
        return MAIL.to(Fixtures.emailOf(id)).stream().findFirst();
    }

    private static String part(MimeMessage email, String type) {
        try {
            return String.valueOf(TestMail.part(email, type));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // The application's log

    private static List<String> logLines() {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> linesSince(int mark) {
        List<String> lines = logLines();
        return lines.subList(Math.min(mark, lines.size()), lines.size());
    }

    private static List<String> errorLinesSince(int mark) {
        return linesSince(mark).stream().filter(l -> l.contains(" ERROR ")).toList();
    }

    /** The ERROR lines the edit guard wrote (not those of a leg retrying, say). */
    private static List<String> guardErrorLinesSince(int mark) {
        return errorLinesSince(mark).stream().filter(l -> l.contains("RouteEditGuard")).toList();
    }

    /** How often each transaction id was logged by a leg. */
    private static Map<String, Integer> runs(Pattern leg) {
        Map<String, Integer> runs = new HashMap<>();
        for (String line : logLines()) {
            Matcher run = leg.matcher(line);
            if (run.find()) {
                runs.merge(run.group(1), 1, Integer::sum);
            }
        }
        return runs;
    }

    private static HttpResponse<String> get(String path) {
        try {
            return app.get(path);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // The routes folder

    /** The email route with the sender's name changed (header From, in step mail-headers), also once more. */
    private static UnaryOperator<String> withSender(String name) {
        return yaml -> yaml.lines().map(line -> line.contains("expression: \"{{gift.mail.from}}\"")
                        || line.contains(" <gift-cards@example.com>\"")
                        ? line.substring(0, line.indexOf("expression:")) + "expression: \"" + name + " <gift-cards@example.com>\""
                        : line)
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    }

    private static void edit(String file, UnaryOperator<String> change) {
        String before = read(file);
        String after = change.apply(before);
        assertThat(after).as("the edit of %s changes it", file).isNotEqualTo(before);
        write(file, after);
    }

    /** A plain write, as an editor saves: the file is truncated, then written. */
    private static void write(String file, String content) {
        try {
            Files.writeString(routes.resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(String file) {
        try {
            Files.deleteIfExists(routes.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(routes.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> routeFiles() {
        try (Stream<Path> files = Files.list(routes)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".camel.yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String replaceOnce(String text, String from, String to) {
        assertThat(text).contains(from);
        return text.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to));
    }

    /** The 1-based number of the first line containing this text. */
    private static int lineOf(String text, String part) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line contains " + part);
    }

    /** The 1-based number of the last line before {@code line} whose text, trimmed, is {@code part}. */
    private static int lineBefore(String text, int line, String part) {
        List<String> lines = text.lines().toList();
        for (int i = line - 2; i >= 0; i--) {
            if (lines.get(i).trim().equals(part)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line " + part + " before line " + line);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Files.copy(source, to.resolve(from.relativize(source).toString()));
            }
        }
    }

    /**
     * Voucherify's side: distinct top-ups, one after another, each sent again until it is answered 2xx (as Voucherify
     * retries), remembering when each was first sent. Paced by a scheduled executor: a send every 50 ms (a steady
     * stream, not a flood; a retry waits for the next tick, Voucherify's back-off much shortened).
     */
    private static final class Traffic implements AutoCloseable {
        private static final Duration TICK = Duration.ofMillis(50);
        private final List<String> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Map<String, Instant> sentAt = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.concurrent.ScheduledExecutorService sender =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "live-edits-traffic"));
        private volatile boolean running = true;
        private volatile String unanswered; // the event being sent, until it is accepted (sender thread)
        private int attempts;
        private volatile String failure;

        static Traffic start() {
            Traffic traffic = new Traffic();
            traffic.sender.scheduleWithFixedDelay(traffic::tick, 0, TICK.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return traffic;
        }

        private void tick() {
            if (failure != null || unanswered == null && !running) {
                return;
            }
            if (unanswered == null) {
                unanswered = Fixtures.unique();
                attempts = 0;
                sentAt.put(unanswered, Instant.now());
            }
            if (accepted(Fixtures.compact(Fixtures.distribution(unanswered)))) {
                accepted.add(unanswered);
                unanswered = null;
            } else if (++attempts == 100) {
                failure = "event " + unanswered + " was never accepted";
            }
        }

        private static boolean accepted(byte[] body) {
            try {
                int status = webhooks.post(body).statusCode();
                return status == 202 || status == 200;
            } catch (RuntimeException e) {
                return false;
            }
        }

        /** The accepted events that reached both legs. */
        List<String> processed() {
            return accepted.stream().filter(LiveEditsTest::processed).toList();
        }

        /** Waits until n accepted events reached both legs; those events, oldest first. */
        List<String> awaitProcessed(int n) {
            return await().atMost(PROCESSED).until(this::processed, p -> p.size() >= n);
        }

        /** The accepted events first sent after that moment that reached both legs. */
        List<String> processedSentAfter(Instant moment) {
            return accepted.stream().filter(id -> sentAt.get(id).isAfter(moment)).filter(LiveEditsTest::processed).toList();
        }

        /** Waits until n events first sent after that moment were accepted and reached both legs; those events. */
        List<String> awaitProcessedSentAfter(Instant moment, int n) {
            return await().atMost(PROCESSED).until(() -> processedSentAfter(moment), p -> p.size() >= n);
        }

        /** Stops sending (the event being sent is sent until accepted); every event accepted. */
        List<String> stop() {
            running = false;
            try {
                await().atMost(PROCESSED).until(() -> unanswered == null || failure != null);
            } finally {
                sender.shutdownNow();
            }
            assertThat(failure).as("the sender's failure").isNull();
            return new ArrayList<>(accepted);
        }

        @Override
        public void close() {
            if (running) {
                stop();
            }
        }
    }

    /**
     * Voucherify on a busy day: a distinct signed top-up every {@code period}, each sent once, on a scheduler whose
     * sends do not wait for each other's answers (a webhook held by a swap does not delay the next one).
     */
    private static final class SteadyStream implements AutoCloseable {
        private final Map<String, java.util.concurrent.Future<HttpResponse<String>>> sent =
                java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());
        private final java.util.concurrent.ScheduledExecutorService pace =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "steady-stream-pace"));
        private final java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newCachedThreadPool();

        static SteadyStream start(Duration period) {
            SteadyStream stream = new SteadyStream();
            stream.pace.scheduleAtFixedRate(stream::sendOne, 0, period.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return stream;
        }

        private void sendOne() {
            String id = Fixtures.unique();
            byte[] body = Fixtures.compact(Fixtures.distribution(id));
            sent.put(id, senders.submit(() -> webhooks.post(body)));
        }

        /** The events whose webhook was answered, so far. */
        int answered() {
            synchronized (sent) {
                return (int) sent.values().stream().filter(java.util.concurrent.Future::isDone).count();
            }
        }

        /** Waits until n more webhooks than now were answered: traffic went on. */
        void awaitMoreAnswered(int n) {
            int now = answered();
            await().atMost(PROCESSED).until(() -> answered() >= now + n);
        }

        /** Stops sending and waits for every answer; each event id with its status (-1: no answer). */
        Map<String, Integer> stop() {
            pace.shutdownNow();
            try {
                assertThat(pace.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).as("the pace stopped").isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Map<String, Integer> statuses = new java.util.LinkedHashMap<>();
            synchronized (sent) {
                sent.forEach((id, answer) -> {
                    try {
                        statuses.put(id, answer.get(60, java.util.concurrent.TimeUnit.SECONDS).statusCode());
                    } catch (Exception e) {
                        statuses.put(id, -1);
                    }
                });
            }
            senders.shutdownNow();
            return statuses;
        }

        @Override
        public void close() {
            if (!pace.isShutdown()) {
                stop();
            }
        }
    }
}
