package com.example.giftcards.benchmark;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the time went, from a JFR recording (JDK 17's {@code jfr} tool has no {@code view hot-methods}): Markdown
 * tables of
 * <ol>
 * <li>hot methods: the top frame of {@code jdk.ExecutionSample} (threads running Java code), self time;</li>
 * <li>CPU by component: each sample goes to the library of the first frame, from the top, that belongs to a known
 * one (H2, ActiveMQ, mail, Mustache, Jackson, Tomcat, Camel, ...);</li>
 * <li>CPU by thread (names with their numbers removed);</li>
 * <li>time blocked: {@code jdk.NativeMethodSample} (threads in native code: sockets, disk), {@code jdk.FileForce}
 * (fsync), {@code jdk.SocketRead}, {@code jdk.ThreadPark} and {@code jdk.JavaMonitorEnter}, each grouped by the first
 * frame outside the JDK, so that it names who waited.</li>
 * </ol>
 * Usage: {@code java -cp <test classpath> com.example.giftcards.benchmark.JfrHotMethods RECORDING.jfr [TOP]}
 */
public final class JfrHotMethods {

    private static final Map<String, String> COMPONENTS = new LinkedHashMap<>();
    /** Thread names (numbers replaced by N) whose waits are shown on their own: the intake and the two legs. */
    private static final Map<String, String> WAIT_GROUPS = Map.of(
            "Camel (camel-N) thread #N - JmsConsumer[voucherify.leg.email]", "email leg consumer",
            "Camel (camel-N) thread #N - JmsConsumer[voucherify.leg.erp]", "ERP leg consumer",
            "http-nio-N-exec-N", "HTTP (http-nio-exec)",
            "task-N", "intake (task-N: the Spring task executor that runs the platform-http exchanges)");

    static {
        COMPONENTS.put("org.h2.", "H2 database");
        COMPONENTS.put("org.postgresql.", "PostgreSQL driver");
        COMPONENTS.put("com.zaxxer.hikari.", "Hikari pool");
        COMPONENTS.put("org.apache.activemq.store.", "ActiveMQ store (KahaDB)");
        COMPONENTS.put("org.apache.activemq.", "ActiveMQ (broker, client)");
        COMPONENTS.put("org.messaginghub.", "pooled-jms");
        COMPONENTS.put("org.springframework.jms.", "Spring JMS");
        COMPONENTS.put("com.icegreen.greenmail.", "GreenMail (embedded SMTP)");
        COMPONENTS.put("org.eclipse.angus.mail.", "Jakarta Mail (Angus)");
        COMPONENTS.put("jakarta.mail.", "Jakarta Mail (Angus)");
        COMPONENTS.put("com.sun.mail.", "Jakarta Mail (Angus)");
        COMPONENTS.put("com.github.mustachejava.", "Mustache");
        COMPONENTS.put("com.fasterxml.jackson.", "Jackson");
        COMPONENTS.put("org.apache.tomcat.", "Tomcat (HTTP)");
        COMPONENTS.put("org.apache.coyote.", "Tomcat (HTTP)");
        COMPONENTS.put("org.apache.catalina.", "Tomcat (HTTP)");
        COMPONENTS.put("org.apache.camel.component.sql.", "Camel SQL");
        COMPONENTS.put("org.apache.camel.component.mail.", "Camel mail");
        COMPONENTS.put("org.apache.camel.", "Camel (routing, simple language, ...)");
        COMPONENTS.put("io.micrometer.", "Micrometer");
        COMPONENTS.put("org.springframework.boot.loader.", "Spring Boot nested-jar loader (class and resource look-ups)");
        COMPONENTS.put("org.springframework.", "Spring");
        COMPONENTS.put("ch.qos.logback.", "Logback");
        COMPONENTS.put("org.slf4j.", "Logback");
        COMPONENTS.put("com.example.giftcards.", "application code");
        COMPONENTS.put("jdk.jfr.", "JFR itself");
    }

    private JfrHotMethods() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> component = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> notable = new HashMap<>();
        Map<String, Long> nativeSamples = new HashMap<>();
        Map<String, Map<String, long[]>> blocked = new LinkedHashMap<>();
        for (String type : List.of("jdk.FileForce", "jdk.SocketRead", "jdk.SocketWrite", "jdk.ThreadPark", "jdk.JavaMonitorEnter")) {
            blocked.put(type, new HashMap<>());
        }
        Map<String, Map<String, long[]>> waits = new java.util.TreeMap<>();
        long samples = 0;
        long nativeTotal = 0;
        RecordingFile recording = new RecordingFile(file);
        while (recording.hasMoreEvents()) {
            RecordedEvent event = recording.readEvent();
            String type = event.getEventType().getName();
            RecordedStackTrace stack = event.getStackTrace();
            if (type.equals("jdk.ExecutionSample")) {
                samples++;
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                List<RecordedFrame> frames = stack.getFrames();
                self.merge(name(frames.get(0)), 1L, Long::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    if (frame.isJavaFrame() && seen.add(name(frame))) {
                        inclusive.merge(name(frame), 1L, Long::sum);
                    }
                }
                component.merge(componentOf(frames), 1L, Long::sum);
                notable.merge(innermostNotable(frames), 1L, Long::sum);
                RecordedThread thread = event.getThread("sampledThread");
                threads.merge(threadName(thread), 1L, Long::sum);
            } else if (type.equals("jdk.NativeMethodSample")) {
                nativeTotal++;
                if (stack != null && !stack.getFrames().isEmpty()) {
                    nativeSamples.merge(name(stack.getFrames().get(0)) + " ← " + caller(stack.getFrames()), 1L, Long::sum);
                }
            } else if (blocked.containsKey(type)) {
                String caller = stack == null ? "(no stack)" : caller(stack.getFrames());
                long[] sum = blocked.get(type).computeIfAbsent(caller, k -> new long[2]);
                sum[0]++;
                sum[1] += event.getDuration().toNanos();
                String group = WAIT_GROUPS.get(threadName(event.getThread()));
                if (group != null) {
                    long[] waited = waits.computeIfAbsent(group, g -> new HashMap<>())
                            .computeIfAbsent(type.substring(4) + " in `" + caller + "`", k -> new long[2]);
                    waited[0]++;
                    waited[1] += event.getDuration().toNanos();
                }
            }
        }

        recording.close();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d execution samples (threads running Java), %d native-method samples.%n%n", samples, nativeTotal));
        table(out, "Hot methods (top frame of jdk.ExecutionSample: self CPU)", "method", self, samples, top);
        table(out, "CPU by component (library of the top-most frame that belongs to one)", "component", component, samples, top);
        table(out, "CPU by thread", "thread", threads, samples, top);
        table(out, "CPU by culprit (innermost frame of a notable library or of the application: who asked for the work)",
                "method", notable, samples, top);
        Map<String, Long> inclusiveOurs = new HashMap<>();
        inclusive.forEach((method, count) -> {
            if (method.startsWith("com.example.") || method.startsWith("org.apache.camel.component.")
                    || method.startsWith("com.github.mustachejava.") || method.startsWith("org.eclipse.angus.mail.smtp.")
                    || method.startsWith("org.apache.activemq.store.") || method.startsWith("org.h2.command.")) {
                inclusiveOurs.put(method, count);
            }
        });
        table(out, "CPU including callees, selected frames (application, Camel components, Mustache, SMTP, KahaDB, H2 commands)",
                "method", inclusiveOurs, samples, top);
        table(out, "Threads waiting in native code (jdk.NativeMethodSample: top frame ← first caller outside the JDK)",
                "where", nativeSamples, nativeTotal, top);
        for (Map.Entry<String, Map<String, long[]>> group : waits.entrySet()) {
            out.append(String.format(Locale.ROOT, "#### What the %s threads waited for (events above the recording's thresholds)%n%n", group.getKey()));
            out.append("| wait | events | total | mean |\n|---|---:|---:|---:|\n");
            group.getValue().entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(8)
                    .forEach(e -> out.append(String.format(Locale.ROOT, "| %s | %d | %.1f s | %.1f ms |%n", e.getKey(),
                            e.getValue()[0], e.getValue()[1] / 1e9, e.getValue()[1] / 1e6 / e.getValue()[0])));
            out.append('\n');
        }
        for (Map.Entry<String, Map<String, long[]>> entry : blocked.entrySet()) {
            Map<String, long[]> byCaller = entry.getValue();
            if (byCaller.isEmpty()) {
                continue;
            }
            long count = byCaller.values().stream().mapToLong(v -> v[0]).sum();
            long nanos = byCaller.values().stream().mapToLong(v -> v[1]).sum();
            out.append(String.format(Locale.ROOT, "#### %s (above the recording's threshold): %d events, %.1f s in all%n%n",
                    entry.getKey(), count, nanos / 1e9));
            out.append("| first caller outside the JDK | events | total | mean |\n|---|---:|---:|---:|\n");
            byCaller.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(Math.min(top, 10))
                    .forEach(e -> out.append(String.format(Locale.ROOT, "| `%s` | %d | %.2f s | %.1f ms |%n", e.getKey(),
                            e.getValue()[0], e.getValue()[1] / 1e9, e.getValue()[1] / 1e6 / e.getValue()[0])));
            out.append('\n');
        }
        System.out.print(out);
    }

    private static void table(StringBuilder out, String title, String what, Map<String, Long> counts, long total, int top) {
        out.append("#### ").append(title).append("\n\n| ").append(what).append(" | samples | share |\n|---|---:|---:|\n");
        counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(top)
                .forEach(e -> out.append(String.format(Locale.ROOT, "| `%s` | %d | %.1f%% |%n", e.getKey(), e.getValue(),
                        total == 0 ? 0 : 100.0 * e.getValue() / total)));
        out.append('\n');
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    /** The first frame outside the JDK (java., jdk., sun., javax.): who was waiting. */
    private static String caller(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            if (!isJdk(frame)) {
                return name(frame);
            }
        }
        return frames.isEmpty() ? "(empty)" : "(JDK frames only, e.g. an idle pool thread: " + name(frames.get(frames.size() - 1)) + ")";
    }

    private static final List<String> NOTABLE = List.of("com.example.", "org.apache.camel.component.",
            "org.apache.camel.impl.converter.", "org.apache.camel.language.", "jakarta.mail.", "org.eclipse.angus.mail.",
            "com.github.mustachejava.", "com.icegreen.greenmail.", "org.apache.activemq.", "org.messaginghub.",
            "org.h2.command.", "org.h2.mvstore.MVStore.", "org.h2.jdbc.", "org.postgresql.", "com.fasterxml.jackson.databind.",
            "org.apache.coyote.", "org.apache.catalina.", "ch.qos.logback.", "io.micrometer.", "org.springframework.jms.",
            "org.springframework.jdbc.", "org.springframework.transaction.", "com.zaxxer.hikari.");

    /** The innermost frame that belongs to the application or to a notable library: whose request the CPU served. */
    private static String innermostNotable(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            for (String prefix : NOTABLE) {
                if (type.startsWith(prefix)) {
                    return name(frame);
                }
            }
        }
        return frames.isEmpty() ? "(empty)" : "(none; innermost: " + name(frames.get(0)) + ")";
    }

    private static boolean isJdk(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.") || type.startsWith("javax.")
                || type.startsWith("com.sun.") && !type.startsWith("com.sun.mail.");
    }

    private static String componentOf(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            for (Map.Entry<String, String> component : COMPONENTS.entrySet()) {
                if (type.startsWith(component.getKey())) {
                    return component.getValue();
                }
            }
        }
        return "JDK / other";
    }

    private static String threadName(RecordedThread thread) {
        if (thread == null) {
            return "(unknown)";
        }
        String name = thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
        return name == null ? "(unknown)" : name.replaceAll("\\d+", "N");
    }
}
