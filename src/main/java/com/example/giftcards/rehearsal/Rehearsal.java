package com.example.giftcards.rehearsal;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.example.giftcards.camel.RoutesLocation;
import com.example.giftcards.intake.WebhookSignature;
import com.example.giftcards.names.RouteNames;
import com.example.giftcards.rehearsal.EventRun.Email;
import com.example.giftcards.rehearsal.EventRun.LegRun;
import com.example.giftcards.rehearsal.EventRun.SentMessage;
import com.example.giftcards.rehearsal.RehearsalErpDataSource.SqlRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The service's own application and route files, started so that an event can be run through them with no effect
 * on the world: no web server (the intake's {@code platform-http} consumer becomes a {@code direct:} one), no broker
 * (the legs' {@code jms} consumers become {@code direct:} ones, and every JMS send is captured instead of sent), no
 * SMTP (every email is captured after its templates have been rendered), no retries. See {@link RehearsalMode} for
 * the databases. The routes are the real files, adapted with Camel's {@link AdviceWith}: an edit shows.
 * <p>
 * An event runs as the service would run it, one step after the other in the calling thread: the intake (its
 * signature check passes, the body is signed here with a secret of the rehearsal's own), then each leg whose queue
 * the hand-off sent a message to, with that message.
 */
public final class Rehearsal implements AutoCloseable {

    public static final String PROFILE = "rehearsal";
    static final String MODE_PROPERTY = "gift.rehearsal.mode";
    static final String CONFIGURED_ERP_PROPERTY = "gift.rehearsal.configured-erp";
    static final String STATE_LOOKUP_URL_PROPERTY = "gift.rehearsal.state-lookup-url";
    /** The webhook's path: the service's public contract. */
    static final String INTAKE_PATH = "/webhooks/voucherify";
    static final String LEDGER = "gift_card_transaction";
    static final String BALANCE = "gift_card_balance";

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Endpoints a rehearsal lets the routes use for real: in-process steps, templates, and SQL (on the ERP wrapper,
     * rolled back in a try). JMS and SMTP are captured; any other endpoint a route edit adds (http:, file:, kafka: …)
     * is captured too, as a call that would be made.
     */
    static final String OTHER_ENDPOINTS = "(?!(?:direct|seda|sql|mustache|velocity|freemarker|bean|class|log|language"
            + "|validator|dataformat|xslt|jslt|jolt|jsonata|json-validator|jms|smtp|smtps):)[A-Za-z][\\w+.-]*:.*";

    private final ConfigurableApplicationContext spring;
    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final RehearsalErpDataSource erp;
    private final DataSource state;
    private final RehearsalMode mode;
    private final boolean configuredErp;
    private final String secret;
    private final Path routesDir;
    private final String intakeUri;
    private final SqlFiles sqlFiles;
    private final List<String> inMemoryDatabases;
    private final Map<String, String> consumerUris = new LinkedHashMap<>();
    private final Map<String, String> consumerRoutes = new LinkedHashMap<>();
    private List<SentMessage> sent = new ArrayList<>();
    private List<Email> emails = new ArrayList<>();
    private List<String> calls = new ArrayList<>();

    private Rehearsal(ConfigurableApplicationContext spring, RehearsalMode mode, boolean configuredErp, String secret,
                      Path routesDir, List<String> inMemoryDatabases) throws Exception {
        this.inMemoryDatabases = inMemoryDatabases;
        this.spring = spring;
        this.mode = mode;
        this.configuredErp = configuredErp;
        this.secret = secret;
        this.routesDir = routesDir;
        this.camel = spring.getBean(CamelContext.class);
        this.erp = spring.getBean("erpDataSource", RehearsalErpDataSource.class);
        this.state = spring.getBean("stateDataSource", DataSource.class);
        this.intakeUri = adviseRoutes();
        this.sqlFiles = new SqlFiles(camel);
        this.producer = camel.createProducerTemplate();
    }

    /**
     * Starts the application in rehearsal mode over the route files in {@code routesDir} (null: the folder the
     * service would use). Throws {@link RehearsalStartException} when the routes cannot start (an unknown bean, a
     * setting that does not exist ...).
     *
     * @param quiet no log output at all (the commands print their own report)
     */
    public static Rehearsal start(Class<?> application, RehearsalMode mode, Path routesDir, boolean quiet) {
        Path dir = routesDir != null ? routesDir.toAbsolutePath().normalize() : configuredRoutesFolder();
        String configuredErpUrl = System.getProperty("ERP_DB_URL", System.getenv("ERP_DB_URL"));
        boolean configuredErp = mode == RehearsalMode.TRY && configuredErpUrl != null && !configuredErpUrl.isBlank();
        String stateLookupUrl = System.getProperty("STATE_DB_URL", System.getenv("STATE_DB_URL"));
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String secret = "rehearsal-" + HexFormat.of().formatHex(random);

        String stateUrl = "jdbc:h2:mem:rehearsal-state-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        String erpUrl = configuredErp ? null : "jdbc:h2:mem:rehearsal-erp-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        List<String> args = new ArrayList<>(List.of(
                "--spring.main.banner-mode=off",
                "--spring.jmx.enabled=false",
                "--camel.main.jmx-enabled=false",
                "--camel.main.auto-startup=false",           // adapted below first, then started
                "--camel.main.routes-reload-enabled=false",
                "--gift.routes.check-at-startup=false",      // the commands run the route check themselves
                "--gift.broker.url=vm://rehearsal-without-broker?create=false", // nothing to connect to
                "--SMTP_HOST=rehearsal.invalid",              // no SMTP catcher is started
                "--gift.smtp.host=rehearsal.invalid",
                "--gift.legs.redelivery.maximum-redeliveries=0",
                "--gift.journal.asynchronous=false",         // each leg's journal note is read right after the leg
                "--gift.legs.yield-to-intake.max-wait=0",    // the legs run one after the other here, never beside a webhook
                "--gift.state-db.url=" + stateUrl,
                "--gift.state-db.username=sa",
                "--gift.state-db.password=",
                "--gift.keys-db.url=" + stateUrl,            // the keys in the same in-memory state database
                "--gift.keys-db.username=sa",
                "--gift.keys-db.password=",
                "--VOUCHERIFY_WEBHOOK_SECRET=" + secret,
                "--VOUCHERIFY_WEBHOOK_SECRET_PREVIOUS=",
                "--" + MODE_PROPERTY + "=" + mode.name(),
                "--" + CONFIGURED_ERP_PROPERTY + "=" + configuredErp,
                "--" + STATE_LOOKUP_URL_PROPERTY + "=" + (mode == RehearsalMode.TRY && stateLookupUrl != null ? stateLookupUrl : "")));
        if (!configuredErp) {
            args.addAll(List.of(
                    "--gift.erp-db.url=" + erpUrl,
                    "--gift.erp-db.username=sa",
                    "--gift.erp-db.password="));
        }
        if (dir != null) {
            args.add("--ROUTES_DIR=" + dir);
        }
        if (quiet) {
            args.add("--logging.threshold.console=OFF");
        } else {
            args.add("--logging.level.root=WARN");
        }
        ConfigurableApplicationContext spring;
        try {
            spring = new SpringApplicationBuilder(application)
                    .profiles(PROFILE)
                    .web(WebApplicationType.NONE)
                    .bannerMode(Banner.Mode.OFF)
                    .logStartupInfo(false)
                    .registerShutdownHook(false)
                    .run(args.toArray(String[]::new));
        } catch (RuntimeException e) {
            dropInMemory(stateUrl, erpUrl);
            throw new RehearsalStartException(e, dir);
        }
        try {
            return new Rehearsal(spring, mode, configuredErp, secret, dir, List.of(stateUrl, erpUrl == null ? "" : erpUrl));
        } catch (Exception e) {
            spring.close();
            dropInMemory(stateUrl, erpUrl);
            throw new RehearsalStartException(e, dir);
        }
    }

    /** As the service finds it (ROUTES_DIR, else ./routes); null for the copy inside the jar. */
    static Path configuredRoutesFolder() {
        String configured = System.getProperty("ROUTES_DIR", System.getenv("ROUTES_DIR"));
        String location = RoutesLocation.resolve(configured == null ? "" : configured);
        return location.startsWith("file:") ? Path.of(location.substring("file:".length())) : null;
    }

    /** The SQL files the routes use. */
    SqlFiles sqlFiles() {
        return sqlFiles;
    }

    /** The folder of the route files, or null when they are the copy inside the jar. */
    public Path routesDir() {
        return routesDir;
    }

    /** True when a try runs against the configured ERP database (ERP_DB_URL), not an in-memory one. */
    public boolean configuredErp() {
        return configuredErp;
    }

    /**
     * Every route's consumer becomes a direct: endpoint (the intake's by its path, a leg's by its queue), and every JMS
     * and SMTP send is captured; then the routes an event can reach start (the others, e.g. a timer, stay stopped).
     */
    private String adviseRoutes() throws Exception {
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        String intake = null;
        boolean first = true;
        List<String> reachable = new ArrayList<>();
        for (RouteDefinition route : new ArrayList<>(model.getRouteDefinitions())) {
            String from = camel.resolvePropertyPlaceholders(route.getInput().getEndpointUri());
            String replacement = null;
            if (from.startsWith("platform-http:")) {
                String path = withoutQuery(from.substring("platform-http:".length()));
                replacement = "direct:rehearsal-http" + path.replaceAll("[^A-Za-z0-9]+", "-");
                if (path.equals(INTAKE_PATH)) {
                    intake = replacement;
                }
            } else if (from.startsWith("jms:")) {
                String queue = destination(from);
                replacement = "direct:rehearsal-queue-" + queue.replaceAll("[^A-Za-z0-9.]+", "-");
                consumerUris.put(queue, replacement);
                consumerRoutes.put(queue, route.getRouteId());
            }
            String newFrom = replacement;
            if (replacement != null || from.startsWith("direct:") || from.startsWith("seda:")) {
                reachable.add(route.getRouteId());
            }
            boolean captures = first; // interceptSendToEndpoint applies to the endpoint, whichever route sends to it
            first = false;
            AdviceWith.adviceWith(camel, route.getRouteId(), advice -> {
                if (newFrom != null) {
                    advice.replaceFromWith(newFrom);
                }
                if (captures) {
                    advice.interceptSendToEndpoint("jms:*").skipSendToOriginalEndpoint().process(this::captureJms);
                    advice.interceptSendToEndpoint("smtp*").skipSendToOriginalEndpoint().process(this::captureEmail);
                    advice.interceptSendToEndpoint(OTHER_ENDPOINTS).skipSendToOriginalEndpoint().process(this::captureCall);
                }
            });
        }
        if (intake == null) {
            throw new IllegalStateException("no route receives POST " + INTAKE_PATH + " (platform-http:" + INTAKE_PATH + ")");
        }
        // Only the routes an event can reach: a timer or a folder poller a route edit adds would act on its own
        for (String routeId : reachable) {
            camel.getRouteController().startRoute(routeId);
        }
        return intake;
    }

    private void captureJms(Exchange exchange) {
        // The JMS component sends to the destination this header names, if any: what a toD to jms: uses. It removes
        // the header as it sends, so that the next send goes to its own endpoint's queue: so does the rehearsal.
        String named = (String) exchange.getMessage().removeHeader("CamelJmsDestinationName");
        String destination = named != null ? named
                : destination(exchange.getProperty(ExchangePropertyKey.INTERCEPTED_ENDPOINT, String.class));
        Map<String, Object> properties = new LinkedHashMap<>();
        exchange.getMessage().getHeaders().forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("camel") && !lower.startsWith("jms")) {
                properties.put(name, value);
            }
        });
        sent.add(new SentMessage(destination, properties, exchange.getMessage().getBody(String.class),
                consumerRoutes.get(destination)));
    }

    private void captureCall(Exchange exchange) {
        calls.add(withoutQuery(exchange.getProperty(ExchangePropertyKey.INTERCEPTED_ENDPOINT, String.class)));
    }

    private void captureEmail(Exchange exchange) {
        var message = exchange.getMessage();
        emails.add(new Email(message.getHeader("To", String.class), message.getHeader("From", String.class),
                message.getHeader("Subject", String.class), message.getHeader("CamelMailAlternativeBody", String.class),
                message.getBody(String.class)));
    }

    /** A JMS endpoint URI's destination: {@code jms:queue:a.b?x=y} is {@code a.b}; a topic keeps its prefix. */
    static String destination(String uri) {
        String rest = withoutQuery(uri).replaceFirst("^jms:(//)?", "");
        return rest.startsWith("queue:") ? rest.substring("queue:".length()) : rest;
    }

    private static String withoutQuery(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    /**
     * Runs a webhook body (as Voucherify sends it) through the intake and the legs it hands off to. A try ({@link
     * RehearsalMode#TRY}) runs in one ERP transaction that is rolled back at the end, after this event's rows were read.
     */
    public EventRun run(byte[] body) throws SQLException {
        sent = new ArrayList<>();
        emails = new ArrayList<>();
        calls = new ArrayList<>();
        if (mode == RehearsalMode.TRY) {
            erp.beginRollbackOnly();
        }
        try {
            return runEvent(body);
        } finally {
            erp.stopRecording();
            if (mode == RehearsalMode.TRY) {
                erp.rollBack();
            }
        }
    }

    private EventRun runEvent(byte[] body) throws SQLException {
        Exchange answer = producer.send(intakeUri, exchange -> {
            exchange.getMessage().setBody(new ByteArrayInputStream(body));
            exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
            exchange.getMessage().setHeader(Exchange.HTTP_PATH, INTAKE_PATH);
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getMessage().setHeader(Exchange.CONTENT_LENGTH, (long) body.length);
            exchange.getMessage().setHeader(WebhookSignature.HEADER, WebhookSignature.sign(secret, body));
        });
        int status = answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        String answerBody = answer.getMessage().getBody(String.class);
        JsonNode json = parse(answerBody);
        String outcome;
        String reason = null;
        if (status >= 200 && status < 300) {
            outcome = json.path("status").asText("accepted");
            if (outcome.equals("parked")) { // unusable data: acknowledged, but the event was refused
                outcome = "invalid";
                reason = json.path("error").path("message").asText(null);
            }
        } else {
            outcome = status < 500 ? "invalid" : "failed";
            reason = json.path("error").path("code").asText("") + ": " + json.path("error").path("message").asText("");
            Throwable cause = answer.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            if (status >= 500 && cause != null) {
                reason += " (" + cause + ")";
            }
        }
        String eventId = json.path("event_id").asText(null);
        String eventType = sent.isEmpty() ? null : (String) sent.get(0).properties().get(RouteNames.EVENT_TYPE);

        List<SentMessage> handedOff = List.copyOf(sent);
        List<LegRun> legs = new ArrayList<>();
        for (SentMessage message : handedOff) {
            if (message.consumedBy() != null) {
                legs.add(runLeg(message, eventId));
            }
        }
        Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        String rowsError = null;
        if (mode == RehearsalMode.TRY && !legs.isEmpty()) {
            Map<String, Object> properties = handedOff.get(0).properties();
            try {
                rows.put(LEDGER, erp.rowsInSession(LEDGER, "transaction_id", properties.get(RouteNames.TRANSACTION_ID)));
                rows.put(BALANCE, erp.rowsInSession(BALANCE, "voucher_id", properties.get(RouteNames.VOUCHER_ID)));
            } catch (SQLException e) {
                rowsError = e.getMessage();
            }
        }
        return new EventRun(outcome, status, answerBody, reason, eventId, eventType, List.copyOf(sent), legs, rows,
                rowsError, List.copyOf(calls));
    }

    private LegRun runLeg(SentMessage message, String eventId) {
        List<SqlRun> statements = new ArrayList<>();
        erp.record(statements);
        int emailsBefore = emails.size();
        int sentBefore = sent.size();
        Exchange done = producer.send(consumerUris.get(message.destination()), exchange -> {
            exchange.getMessage().setBody(message.body());
            exchange.getMessage().setHeaders(new LinkedHashMap<>(message.properties()));
            exchange.getMessage().setHeader("JMSDestination", message.destination());
            exchange.getMessage().setHeader("JMSRedelivered", false);
        });
        erp.stopRecording();
        statements.forEach(statement -> statement.file = sqlFiles.fileOf(statement.sql));
        Throwable failure = done.getException() != null ? done.getException()
                : done.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String location = failure == null ? null : SourceLocator.locate(routesDir, failure, statements, sqlFiles);
        List<Email> legEmails = List.copyOf(emails.subList(emailsBefore, emails.size()));
        String note = legEmails.isEmpty() && statements.isEmpty() && failure == null ? journalNote(eventId, done.getProperty(RouteNames.LEG, String.class)) : null;
        return new LegRun(message.consumedBy(), message.destination(), failure == null ? null : describe(failure),
                location, List.copyOf(statements), legEmails, List.copyOf(sent.subList(sentBefore, sent.size())), note);
    }

    /**
     * What the event journal says the leg did last (e.g. "skipped: no email address"); the leg routes name their leg
     * in the exchange property {@code leg}, as the journal does.
     */
    private String journalNote(String eventId, String leg) {
        if (leg == null) {
            return null;
        }
        List<Map<String, Object>> entries = new JdbcTemplate(state).queryForList(
                "SELECT outcome, reason FROM gift_event_entry WHERE event_id = ? AND leg = ? ORDER BY entry_id DESC",
                eventId, leg);
        if (entries.isEmpty()) {
            return null;
        }
        Object reason = entries.get(0).get("reason"); // a case-insensitive map
        return entries.get(0).get("outcome") + (reason != null ? ": " + reason : "");
    }

    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getName();
        return root.getClass().getSimpleName() + ": " + firstLine(message);
    }

    /** A database's message without the statement it quotes (H2 appends it, PostgreSQL its position). */
    static String firstLine(String message) {
        String first = message.strip().lines().findFirst().orElse("");
        return first.endsWith("; SQL statement:") ? first.substring(0, first.length() - "; SQL statement:".length()) : first;
    }

    private static JsonNode parse(String text) {
        try {
            return text == null ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    /** A route test starts from empty databases: every table of ours emptied (the schema histories kept). */
    public void emptyDatabases() throws SQLException {
        if (mode != RehearsalMode.TEST) {
            throw new IllegalStateException("only the in-memory databases of a route test are emptied");
        }
        for (DataSource database : List.of(erp, state)) {
            try (Connection connection = database.getConnection(); Statement delete = connection.createStatement()) {
                for (String table : tables(connection)) {
                    delete.executeUpdate("DELETE FROM " + table);
                }
            }
        }
    }

    /** Statements on the in-memory ERP database of a route test (its tests/erp-schema.sql). */
    public void runOnErp(String... statements) throws SQLException {
        if (mode != RehearsalMode.TEST) {
            throw new IllegalStateException("only the in-memory ERP database of a route test is changed");
        }
        try (Connection connection = erp.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                if (!sql.isBlank()) {
                    statement.execute(sql);
                }
            }
        }
    }

    /** All rows of an ERP table (route tests). */
    public List<Map<String, Object>> erpRows(String table) throws SQLException {
        try (Connection connection = erp.getConnection(); Statement query = connection.createStatement();
             ResultSet rows = query.executeQuery("SELECT * FROM " + table)) {
            return RehearsalErpDataSource.rows(rows);
        }
    }

    private static List<String> tables(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        DatabaseMetaData meta = connection.getMetaData();
        try (ResultSet found = meta.getTables(null, "PUBLIC", "%", new String[] {"TABLE"})) {
            while (found.next()) {
                String name = found.getString("TABLE_NAME");
                if (!name.equalsIgnoreCase("gift_integration_schema_history")) {
                    tables.add('"' + name + '"');
                }
            }
        }
        return tables;
    }

    /** The ERP table names a route test may compare (for a clear message on a misspelt one). */
    public boolean erpTableExists(String table) throws SQLException {
        try (Connection connection = erp.getConnection()) {
            return tables(connection).stream().anyMatch(t -> t.equalsIgnoreCase('"' + table + '"'));
        }
    }

    @Override
    public void close() {
        try {
            producer.close();
        } catch (Exception e) {
            // closing anyway
        }
        spring.close();
        dropInMemory(inMemoryDatabases.toArray(String[]::new));
    }

    /** The in-memory databases outlive their pools (DB_CLOSE_DELAY=-1): dropped once the application is closed. */
    private static void dropInMemory(String... urls) {
        for (String url : urls) {
            if (url == null || url.isBlank()) {
                continue;
            }
            try (Connection connection = java.sql.DriverManager.getConnection(url, "sa", "");
                 Statement shutdown = connection.createStatement()) {
                shutdown.execute("SHUTDOWN");
            } catch (SQLException e) {
                // gone already
            }
        }
    }
}
