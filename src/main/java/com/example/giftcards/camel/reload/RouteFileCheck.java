package com.example.giftcards.camel.reload;

import java.nio.file.Path;
import java.util.List;

/**
 * A check of an edited route file before live edits hand it to Camel. Every bean of this type runs, in order; the
 * first problem found refuses the edit, and the routes loaded before keep running.
 * <p>
 * {@link CamelRouteFileCheck} is the one we have: Camel's own YAML parser, and the SQL files and templates the routes
 * name. A route-file validator (package {@code com.example.giftcards.routecheck}) joins it as another bean.
 */
@FunctionalInterface
public interface RouteFileCheck {

    /**
     * What is wrong with this version of a route file, most important first; empty when Camel may load it.
     *
     * @param file    the route file, an absolute path
     * @param content its text as it will be loaded (read once, so the check and the load see the same version)
     */
    List<Problem> check(Path file, String content);

    /**
     * One problem: the file it is in (the route file, or an SQL file or template it uses), the line (1-based; 0
     * when unknown) and what is wrong, on one line.
     */
    record Problem(Path file, int line, String message) {

        public Problem {
            message = message == null ? "" : message.replaceAll("\\s+", " ").strip();
        }
    }
}
