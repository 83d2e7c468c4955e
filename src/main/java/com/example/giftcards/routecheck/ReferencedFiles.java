package com.example.giftcards.routecheck;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.giftcards.dialect.DialectSqlFiles;
import com.example.giftcards.dialect.SqlDialect;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.MustacheException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The files the routes read from the routes folder ({@code sql:{{routes.location}}/sql/x.sql},
 * {@code mustache:{{routes.location}}/templates/x.mustache}, {@code sql:{{erp-sql:x.sql}}} ...) must be there and
 * not be empty (for {@code erp-sql}: {@code sql/x.sql}, and {@code sql/x.mariadb.sql} if there); Mustache templates
 * must compile. So must every other template in {@code templates/}: the routes choose some per message (a language's
 * email templates, {@code top-up-email.de.html.mustache}), so no step names them. Camel itself finds a missing SQL
 * file only when it starts the route, and a missing or broken template only when the first message reaches it (that
 * email then goes to the dead-letter queue).
 */
final class ReferencedFiles {

    /** scheme:{{routes.location}}/relative/path, up to the URI's query, a space or a quote. */
    private static final Pattern REFERENCE = Pattern.compile("(?:([A-Za-z][\\w+.-]*):)?\\{\\{routes\\.location}}/([^?\\s\"']+)");
    private static final String TEMPLATES = "templates";
    /** scheme:{{erp-sql:x.sql}}: sql/x.sql, or the ERP dialect's own version of it ({@link DialectSqlFiles}). */
    private static final Pattern DIALECT_REFERENCE = Pattern.compile(
            "(?:([A-Za-z][\\w+.-]*):)?\\{\\{" + DialectSqlFiles.ERP_SQL + ":([^{}]+)}}");
    private static final Pattern MUSTACHE_LINE = Pattern.compile("\\s*@\\[[^\\]]*:(\\d+)]\\s*$");

    private final RouteFolder folder;
    /** Each referenced file once, with its text (empty when missing), whatever the number of routes that use it. */
    private final Map<String, Optional<String>> files = new LinkedHashMap<>();
    private final List<Problem> templateProblems = new ArrayList<>();

    ReferencedFiles(RouteFolder folder) {
        this.folder = folder;
    }

    /** Problems with the files one route file refers to, reported at the line of the reference. */
    List<Problem> check(String file, RouteYaml yaml) {
        List<Problem> problems = new ArrayList<>();
        visit(yaml.root(), file, problems, 0);
        return problems;
    }

    /** Problems inside the referenced templates themselves, reported in the template at its own line. */
    List<Problem> templateProblems() {
        return templateProblems;
    }

    /** Every template in {@code templates/} that no route names must compile as well, and not be empty. */
    void checkOtherTemplates() {
        for (String path : folder.files(TEMPLATES, ".mustache")) {
            if (!files.containsKey(path)) {
                files.computeIfAbsent(path, folder::read).flatMap(text -> checkTemplate(path, text))
                        .ifPresent(templateProblems::add);
            }
        }
    }

    int count() {
        return (int) files.values().stream().filter(Optional::isPresent).count();
    }

    private void visit(Node node, String file, List<Problem> problems, int depth) {
        if (depth > 200) { // an alias that refers to itself
            return;
        }
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                visit(tuple.getValueNode(), file, problems, depth + 1);
            }
        } else if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(item -> visit(item, file, problems, depth + 1));
        } else if (node instanceof ScalarNode scalar) {
            Matcher reference = REFERENCE.matcher(scalar.getValue());
            while (reference.find()) {
                checkReference(reference.group(1), reference.group(2), file, RouteYaml.line(scalar), problems);
            }
            Matcher dialectReference = DIALECT_REFERENCE.matcher(scalar.getValue());
            while (dialectReference.find()) {
                checkDialectReference(dialectReference.group(1), dialectReference.group(2).strip(), file,
                        RouteYaml.line(scalar), problems);
            }
        }
    }

    private void checkReference(String scheme, String path, String file, int line, List<Problem> problems) {
        if (path.contains("{{") || path.contains("${") || folder.isDirectory(path)) {
            return; // chosen at run time, or a folder: nothing to look for
        }
        String what = "sql".equals(scheme) ? "SQL file" : "mustache".equals(scheme) ? "template" : "file";
        boolean firstTime = !files.containsKey(path);
        Optional<String> text = files.computeIfAbsent(path, folder::read);
        if (text.isEmpty()) {
            problems.add(new Problem(file, line, what + " " + path + " not found"));
        } else if (text.get().isBlank()) {
            problems.add(new Problem(file, line, what + " " + path + " is empty"));
        } else if (firstTime && "mustache".equals(scheme)) {
            compileTemplate(path, text.get()).ifPresent(templateProblems::add);
        }
    }

    /**
     * The default file must be there whatever the database (H2 and PostgreSQL run it, and any dialect without its own
     * version); a dialect's own version is checked when it is there. Which one runs is known only at start-up.
     */
    private void checkDialectReference(String scheme, String sqlFile, String file, int line, List<Problem> problems) {
        checkReference(scheme, "sql/" + sqlFile, file, line, problems);
        for (String override : SqlDialect.allOverridesOf(sqlFile)) {
            if (folder.read("sql/" + override).isPresent()) {
                checkReference(scheme, "sql/" + override, file, line, problems);
            }
        }
    }

    /** A template on its own: empty, or does not compile. */
    static Optional<Problem> checkTemplate(String path, String text) {
        return text.isBlank() ? Optional.of(new Problem(path, 1, "template is empty")) : compileTemplate(path, text);
    }

    /** Compiled as camel-mustache does (a DefaultMustacheFactory, default delimiters). */
    private static Optional<Problem> compileTemplate(String path, String text) {
        try {
            new DefaultMustacheFactory().compile(new StringReader(text), path);
            return Optional.empty();
        } catch (MustacheException e) {
            String message = String.valueOf(e.getMessage());
            Matcher line = MUSTACHE_LINE.matcher(message);
            int lineNumber = line.find() ? Integer.parseInt(line.group(1)) : 1;
            return Optional.of(new Problem(path, lineNumber,
                    "template does not compile: " + MUSTACHE_LINE.matcher(message).replaceFirst("")));
        }
    }
}
