package com.example.giftcards.benchmark;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;

import org.apache.activemq.ActiveMQConnectionFactory;

/**
 * Measuring side of {@code bench/run}, in a process of its own (arguments are {@code key=value}):
 * <ul>
 * <li>{@code watch}: every {@code interval} ms counts the ledger rows whose transaction id starts with
 * {@code ledgerPrefix} (JDBC: H2 over AUTO_SERVER, or PostgreSQL) and the emails of phase {@code phase}
 * ({@code emails=sink:STATS_FILE}: distinct recipients counted by the SMTP sink; {@code emails=log:APP_LOG}: distinct
 * "Top-up email sent for transaction vtx_bench_PHASE_..." lines, written after the SMTP server accepted the
 * message), and the application's resident memory ({@code pid}); appends each sample to {@code progress}; stops
 * when both counts reach {@code expect}, {@code timeout} seconds after {@code t0} (epoch ms), or when the application
 * process is gone. Prints one line
 * {@code WATCH ledger=.. emails=.. ledger_ms=.. emails_ms=.. complete=..} (times since t0, -1 if not reached).</li>
 * <li>{@code drain}: takes every message off {@code queue} ({@code url}) until none came for {@code idle} ms, counting
 * them by phase (from the {@code eventId} property, {@code evcus_bench_PHASE_N}); prints
 * {@code DRAIN queue=.. total=.. distinct=.. phase.P=.. distinct.P=..}.</li>
 * </ul>
 */
public final class BenchProbe {

    private BenchProbe() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            options.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        switch (args[0]) {
            case "watch" -> watch(options);
            case "drain" -> drain(options);
            default -> throw new IllegalArgumentException("watch or drain, not " + args[0]);
        }
    }

    // watch ----------------------------------------------------------------------------------------------------

    private static void watch(Map<String, String> o) throws Exception {
        long t0 = Long.parseLong(o.getOrDefault("t0", String.valueOf(System.currentTimeMillis())));
        long deadline = t0 + Long.parseLong(o.get("timeout")) * 1000;
        long expect = Long.parseLong(o.get("expect"));
        long interval = Long.parseLong(o.getOrDefault("interval", "500"));
        String phase = o.get("phase");
        String ledgerPrefix = "vtx_bench_" + phase + "_";
        Ledger ledger = new Ledger(o.get("jdbc"), o.getOrDefault("user", ""), o.getOrDefault("password", ""), ledgerPrefix);
        EmailCount emails = EmailCount.of(o.get("emails"), phase);
        String pid = o.get("pid");
        Path progress = o.containsKey("progress") ? Path.of(o.get("progress")) : null;
        long ledgerMs = -1;
        long emailsMs = -1;
        long ledgerCount = 0;
        long emailCount = 0;
        long maxRssKb = 0;
        boolean appGone = false;
        try (Writer out = progress == null ? Writer.nullWriter()
                : Files.newBufferedWriter(progress, StandardCharsets.UTF_8)) {
            out.write("elapsed_ms\tledger_rows\temails\trss_kb\n");
            while (true) {
                long now = System.currentTimeMillis();
                ledgerCount = ledger.count();
                emailCount = emails.count();
                long rssKb = pid == null ? 0 : rssKb(pid);
                maxRssKb = Math.max(maxRssKb, rssKb);
                long elapsed = now - t0;
                out.write(elapsed + "\t" + ledgerCount + "\t" + emailCount + "\t" + rssKb + "\n");
                out.flush();
                if (ledgerMs < 0 && ledgerCount >= expect) {
                    ledgerMs = elapsed;
                }
                if (emailsMs < 0 && emailCount >= expect) {
                    emailsMs = elapsed;
                }
                if (pid != null && !Files.exists(Path.of("/proc", pid))) {
                    appGone = true; // the application exited: nothing more will arrive
                }
                if ((ledgerMs >= 0 && emailsMs >= 0) || now >= deadline || appGone) {
                    break;
                }
                Thread.sleep(Math.max(0, interval - (System.currentTimeMillis() - now)));
            }
        }
        ledger.close();
        System.out.println("WATCH ledger=" + ledgerCount + " emails=" + emailCount + " ledger_ms=" + ledgerMs
                + " emails_ms=" + emailsMs + " complete=" + (ledgerMs >= 0 && emailsMs >= 0) + " max_rss_kb=" + maxRssKb
                + " app_gone=" + appGone);
    }

    private static long rssKb(String pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // process gone
        }
        return 0;
    }

    /** Ledger rows of one phase, over one connection kept open (reopened after a failure). */
    private static final class Ledger {
        private final String url;
        private final String user;
        private final String password;
        private final String prefix;
        private Connection connection;
        private long last;

        Ledger(String url, String user, String password, String prefix) {
            this.url = url;
            this.user = user;
            this.password = password;
            this.prefix = prefix;
        }

        long count() {
            try {
                if (connection == null) {
                    connection = DriverManager.getConnection(url, user, password);
                }
                try (PreparedStatement query = connection.prepareStatement(
                        "SELECT COUNT(*) FROM gift_card_transaction WHERE transaction_id LIKE ?")) {
                    query.setString(1, prefix + "%");
                    try (ResultSet rows = query.executeQuery()) {
                        rows.next();
                        last = rows.getLong(1);
                    }
                }
            } catch (SQLException e) {
                System.err.println("ledger count failed (" + e.getMessage().lines().findFirst().orElse("") + "); keeping " + last);
                close();
            }
            return last;
        }

        void close() {
            try {
                if (connection != null) {
                    connection.close();
                }
            } catch (SQLException e) {
                // ignore
            }
            connection = null;
        }
    }

    private interface EmailCount {
        long count() throws IOException;

        static EmailCount of(String source, String phase) {
            if (source.startsWith("sink:")) {
                Path stats = Path.of(source.substring(5));
                return () -> {
                    if (!Files.exists(stats)) {
                        return 0;
                    }
                    for (String line : Files.readAllLines(stats)) {
                        if (line.startsWith("distinct." + phase + " ")) {
                            return Long.parseLong(line.substring(line.indexOf(' ') + 1).trim());
                        }
                    }
                    return 0;
                };
            }
            if (source.startsWith("log:")) {
                return new LogEmailCount(Path.of(source.substring(4)), "Top-up email sent for transaction vtx_bench_" + phase + "_");
            }
            throw new IllegalArgumentException("emails=sink:FILE or emails=log:FILE, not " + source);
        }
    }

    /** Reads the application log as it grows and collects the transactions whose email was sent. */
    private static final class LogEmailCount implements EmailCount {
        private final Path log;
        private final String marker;
        private final Set<String> sent = new HashSet<>();
        private long offset;
        private final StringBuilder partial = new StringBuilder();

        LogEmailCount(Path log, String marker) {
            this.log = log;
            this.marker = marker;
        }

        @Override
        public long count() throws IOException {
            try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
                long length = file.length();
                if (length > offset) {
                    byte[] chunk = new byte[(int) Math.min(length - offset, 64 << 20)];
                    file.seek(offset);
                    file.readFully(chunk);
                    offset += chunk.length;
                    partial.append(new String(chunk, StandardCharsets.UTF_8));
                    int start = 0;
                    int newline;
                    while ((newline = partial.indexOf("\n", start)) >= 0) {
                        String line = partial.substring(start, newline);
                        int at = line.indexOf(marker);
                        if (at >= 0) {
                            String rest = line.substring(at + "Top-up email sent for transaction ".length());
                            int end = rest.indexOf(' ');
                            sent.add(end < 0 ? rest.trim() : rest.substring(0, end));
                        }
                        start = newline + 1;
                    }
                    partial.delete(0, start);
                }
            }
            return sent.size();
        }
    }

    // drain ----------------------------------------------------------------------------------------------------

    private static void drain(Map<String, String> o) throws Exception {
        String queue = o.get("queue");
        long idle = Long.parseLong(o.getOrDefault("idle", "3000"));
        long deadline = System.currentTimeMillis() + Long.parseLong(o.getOrDefault("timeout", "300")) * 1000;
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(o.get("url"));
        Map<String, Long> byPhase = new TreeMap<>();
        Map<String, Set<String>> distinct = new TreeMap<>();
        long total = 0;
        try (jakarta.jms.Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            Message message;
            while (System.currentTimeMillis() < deadline && (message = consumer.receive(idle)) != null) {
                total++;
                String eventId = message.getStringProperty("eventId");
                String phase = phaseOf(eventId);
                byPhase.merge(phase, 1L, Long::sum);
                distinct.computeIfAbsent(phase, p -> new HashSet<>()).add(String.valueOf(eventId));
                if (total % 100 == 0) { // small batches: the broker pages a queue in 200 messages at a time
                    session.commit();
                }
            }
            session.commit();
        }
        StringBuilder line = new StringBuilder("DRAIN queue=" + queue + " total=" + total + " distinct="
                + distinct.values().stream().mapToInt(Set::size).sum());
        byPhase.forEach((phase, count) -> line.append(" phase.").append(phase).append('=').append(count)
                .append(" distinct.").append(phase).append('=').append(distinct.get(phase).size()));
        System.out.println(line);
    }

    private static String phaseOf(String eventId) {
        if (eventId == null || !eventId.startsWith("evcus_bench_")) {
            return "other";
        }
        String rest = eventId.substring("evcus_bench_".length());
        int underscore = rest.lastIndexOf('_');
        return underscore > 0 ? rest.substring(0, underscore) : "other";
    }
}
