package com.example.giftcards.rehearsal;

import java.nio.file.Path;

/** The application could not start over these route files: why, and where in them when that can be told. */
public class RehearsalStartException extends RuntimeException {

    private final String location;

    RehearsalStartException(Throwable cause, Path routesDir) {
        super(Rehearsal.describe(cause), cause);
        this.location = SourceLocator.locate(routesDir, cause, java.util.List.of(), null);
    }

    /** {@code file:line}, or null. */
    public String location() {
        return location;
    }
}
