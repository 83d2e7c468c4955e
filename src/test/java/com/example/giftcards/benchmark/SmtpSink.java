package com.example.giftcards.benchmark;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal SMTP server for {@code bench/run --external}: accepts every message at once, keeps none, and counts
 * connections, messages, and distinct recipients per phase (the part of the address before the last '-':
 * {@code burst-000042@example.com} counts for {@code burst}). Writes its counters to STATS_FILE every 200 ms, as
 * lines "key value". Runs until it is killed.
 * <p>
 * Usage: {@code java -cp <test classpath> com.example.giftcards.benchmark.SmtpSink PORT STATS_FILE}
 */
public final class SmtpSink {

    private static final AtomicLong CONNECTIONS = new AtomicLong();
    private static final AtomicLong MESSAGES = new AtomicLong();
    private static final AtomicLong RECIPIENTS = new AtomicLong();
    private static final Set<String> DISTINCT = ConcurrentHashMap.newKeySet();
    private static final Map<String, AtomicLong> DISTINCT_BY_PHASE = new ConcurrentHashMap<>();

    private SmtpSink() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path stats = Path.of(args[1]);
        Thread writer = new Thread(() -> {
            while (true) {
                try {
                    writeStats(stats);
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    e.printStackTrace();
                }
            }
        }, "stats");
        writer.setDaemon(true);
        writer.start();
        try (ServerSocket server = new ServerSocket(port, 200, InetAddress.getByName("127.0.0.1"))) {
            System.out.println("SMTP sink listening on 127.0.0.1:" + port);
            while (true) {
                Socket socket = server.accept();
                CONNECTIONS.incrementAndGet();
                Thread session = new Thread(() -> serve(socket), "smtp");
                session.setDaemon(true);
                session.start();
            }
        }
    }

    private static void writeStats(Path stats) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("connections ").append(CONNECTIONS.get()).append('\n');
        text.append("messages ").append(MESSAGES.get()).append('\n');
        text.append("recipients ").append(RECIPIENTS.get()).append('\n');
        text.append("distinct ").append(DISTINCT.size()).append('\n');
        new TreeMap<>(DISTINCT_BY_PHASE).forEach((phase, count) ->
                text.append("distinct.").append(phase).append(' ').append(count.get()).append('\n'));
        Path tmp = stats.resolveSibling(stats.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, stats, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void serve(Socket socket) {
        try (socket; InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
             OutputStream out = new BufferedOutputStream(socket.getOutputStream())) {
            reply(out, "220 bench-smtp-sink ESMTP");
            java.util.List<String> recipients = new java.util.ArrayList<>();
            String line;
            while ((line = readLine(in)) != null) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line.toUpperCase(java.util.Locale.ROOT);
                switch (command) {
                    case "EHLO" -> reply(out, "250-bench-smtp-sink\r\n250-8BITMIME\r\n250 SIZE 10485760");
                    case "HELO" -> reply(out, "250 bench-smtp-sink");
                    case "MAIL" -> {
                        recipients.clear();
                        reply(out, "250 OK");
                    }
                    case "RCPT" -> {
                        int lt = line.indexOf('<');
                        int gt = line.indexOf('>', lt + 1);
                        recipients.add(lt >= 0 && gt > lt ? line.substring(lt + 1, gt) : line.substring(8).trim());
                        reply(out, "250 OK");
                    }
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        String data;
                        while ((data = readLine(in)) != null && !data.equals(".")) {
                            // discarded
                        }
                        if (data == null) {
                            return;
                        }
                        MESSAGES.incrementAndGet();
                        for (String recipient : recipients) {
                            RECIPIENTS.incrementAndGet();
                            if (DISTINCT.add(recipient.toLowerCase(java.util.Locale.ROOT))) {
                                int at = recipient.indexOf('@');
                                String local = at > 0 ? recipient.substring(0, at) : recipient;
                                int dash = local.lastIndexOf('-');
                                String phase = dash > 0 ? local.substring(0, dash) : "other";
                                DISTINCT_BY_PHASE.computeIfAbsent(phase, p -> new AtomicLong()).incrementAndGet();
                            }
                        }
                        recipients.clear();
                        reply(out, "250 OK queued");
                    }
                    case "RSET" -> {
                        recipients.clear();
                        reply(out, "250 OK");
                    }
                    case "NOOP" -> reply(out, "250 OK");
                    case "QUIT" -> {
                        reply(out, "221 Bye");
                        return;
                    }
                    default -> reply(out, "502 Command not implemented");
                }
            }
        } catch (IOException e) {
            // client went away
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One line without its CRLF, or null at end of stream. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(128);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                int last = line.length() - 1;
                if (last >= 0 && line.charAt(last) == '\r') {
                    line.setLength(last);
                }
                return line.toString();
            }
            line.append((char) b);
        }
        return line.length() == 0 ? null : line.toString();
    }
}
