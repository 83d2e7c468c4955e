package com.example.giftcards.routecheck;

import java.util.Comparator;

/**
 * One mistake in the routes folder, printed as {@code file:line: message} (file relative to the routes folder, line
 * 1-based), the form editors and CI logs turn into a link.
 */
public record Problem(String file, int line, String message) {

    static final Comparator<Problem> BY_PLACE = Comparator.comparing(Problem::file).thenComparingInt(Problem::line);

    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
