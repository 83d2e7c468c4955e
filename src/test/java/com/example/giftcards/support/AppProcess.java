package com.example.giftcards.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.example.giftcards.GiftCardIntegrationApplication;

/** The application in a JVM of its own, as in production: to kill it, stop it, restart it, or measure it alone. */
public final class AppProcess {

    private final Process process;
    private final Http http;

    private AppProcess(Process process, int port) {
        this.process = process;
        this.http = new Http(port);
    }

    /**
     * The environment of an application wired to this JVM's test services: the shared broker and SMTP server,
     * the given ERP database, files under dataDir. Tests add or replace entries as they need.
     */
    public static Map<String, String> wiredToTestServices(int port, Path dataDir, String erpDbUrl, String secret) {
        OneApplicationAtATime.closeRunning(); // a test class's application would share the broker's leg queues with it
        Map<String, String> env = new java.util.HashMap<>();
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("DATA_DIR", dataDir.toString());
        env.put("BROKER_URL", TestBroker.shared().url());
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", String.valueOf(TestMail.shared().port()));
        env.put("ERP_DB_URL", erpDbUrl);
        env.put("ERP_DB_USER", TestErpDatabase.user());
        env.put("ERP_DB_PASSWORD", TestErpDatabase.password());
        env.put("VOUCHERIFY_WEBHOOK_SECRET", secret);
        return env;
    }

    /** Kept for the callers that predate {@link FreePort}; new code calls {@link FreePort#pick()}. */
    public static int freePort() {
        return FreePort.pick();
    }

    /** Starts the application with these environment variables (ERP_DB_* and STATE_DB_* of this JVM are not passed on). */
    public static AppProcess start(Map<String, String> env, Path log) throws Exception {
        return start(env, log, "-Xmx512m");
    }

    /** As {@link #start(Map, Path)}, with these JVM options (a heap size, for one). */
    public static AppProcess start(Map<String, String> env, Path log, String... jvmOptions) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", classpath, GiftCardIntegrationApplication.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(key -> key.startsWith("ERP_DB_") || key.startsWith("STATE_DB_"));
        builder.environment().put("ROUTES_DIR", new File("routes").getAbsolutePath());
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        AppProcess app = new AppProcess(builder.start(), Integer.parseInt(env.get("SERVER_PORT")));
        app.awaitHealthy();
        return app;
    }

    private void awaitHealthy() {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> get("/actuator/health").statusCode() == 200);
    }

    public HttpResponse<String> get(String path) {
        return http.get(path);
    }

    /** A request without a body, with the admin token when one is given. */
    public HttpResponse<String> send(String method, String path, String adminToken) {
        return adminToken == null ? http.send(method, path, HttpRequest.BodyPublishers.noBody())
                : http.send(method, path, HttpRequest.BodyPublishers.noBody(), "Authorization", "Bearer " + adminToken);
    }

    /** kill -9 */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM; true when it stopped within the timeout. */
    public boolean stop(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** The sum of a metric's series (from /actuator/prometheus) that carry all these labels, e.g. {@code leg="erp"}. */
    public double metric(String name, String... labels) {
        return get("/actuator/prometheus").body().lines()
                .filter(line -> line.startsWith(name + "{") && java.util.Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    public void destroy() {
        process.destroyForcibly();
    }
}
