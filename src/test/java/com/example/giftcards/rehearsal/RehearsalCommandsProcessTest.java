package com.example.giftcards.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.example.giftcards.GiftCardIntegrationApplication;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands as the team runs them: a process of their own, started in another directory, with nothing configured
 * - the application's main method, as {@code java -jar} calls it. The exit code is the process's, and the working
 * directory is left as it was (no data/ folder, no files).
 */
class RehearsalCommandsProcessTest {

    static final Path ROUTES = Path.of("routes").toAbsolutePath();

    @TempDir
    Path workingDir;

    @Test
    void testRoutesRunsTheShippedCasesAndExitsZero() throws Exception {
        Result result = run("--test-routes", ROUTES.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        List<String> lines = result.output().lines().toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(11).allMatch(line -> line.startsWith("PASS ") || line.matches("\\d+ passed, 0 failed"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo((lines.size() - 1) + " passed, 0 failed");
        assertThat(workingDirFiles()).isEmpty();
    }

    @Test
    void tryWithTheRoutesTheServiceWouldLoadPrintsOneJsonObjectAndExitsZero() throws Exception {
        // no routes/ in the working directory and no ROUTES_DIR: the copy of the routes packaged with the application
        Result result = run("--try", ROUTES.resolve("tests/events/customer-balance-added.json").toString(), "--json");

        assertThat(result.exitCode()).as(result.output()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.output());
        assertThat(json.path("outcome").asText()).isEqualTo("accepted");
        assertThat(json.path("routes").asText()).isEqualTo("classpath:routes");
        assertThat(json.path("legs").path(0).path("statements").path(0).path("file").asText()).isEqualTo("sql/record-transaction.sql");
        assertThat(json.path("legs").path(0).path("statements").path(0).path("values").path("transactionId").asText())
                .isEqualTo("vtx_0e6feafe6952a94a54");
        assertThat(json.path("legs").path(1).path("note").asText()).isEqualTo("skipped: no email address");
        assertThat(json.path("messages").path(0).path("properties").path("eventId").asText()).isEqualTo("evcus_0e6feafe6952a94a77");
        assertThat(workingDirFiles()).isEmpty();
    }

    record Result(int exitCode, String output) {
    }

    private Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                GiftCardIntegrationApplication.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile())
                .redirectOutput(workingDir.resolveSibling(workingDir.getFileName() + ".out").toFile())
                .redirectErrorStream(true);
        for (String setting : List.of("ROUTES_DIR", "ERP_DB_URL", "STATE_DB_URL", "BROKER_URL", "SMTP_HOST", "DATA_DIR")) {
            builder.environment().remove(setting);
        }
        Process process = builder.start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("finished").isTrue();
        Path out = workingDir.resolveSibling(workingDir.getFileName() + ".out");
        String output = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        return new Result(process.exitValue(), output);
    }

    private List<Path> workingDirFiles() throws Exception {
        try (Stream<Path> files = Files.list(workingDir)) {
            return files.toList();
        }
    }
}
