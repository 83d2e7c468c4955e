package com.example.giftcards.routecheck;

import java.util.List;

/** What {@link RouteCheck} found: the problems, in file and line order, and what it looked at. */
public record RouteCheckReport(String location, int routeFiles, int referencedFiles, List<Problem> problems) {

    public boolean ok() {
        return problems.isEmpty();
    }

    /** The one-line summary printed after the problems. */
    public String summary() {
        String checked = "Checked " + routeFiles + " route file" + (routeFiles == 1 ? "" : "s") + " and " + referencedFiles
                + " referenced file" + (referencedFiles == 1 ? "" : "s") + " in " + location;
        return ok() ? checked + ": no problems." : checked + ": " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + ".";
    }
}
