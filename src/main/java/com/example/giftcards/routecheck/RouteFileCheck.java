package com.example.giftcards.routecheck;

import java.util.List;

/**
 * A link of the route check that needs the running application: Camel's own reading of a route file (its YAML DSL
 * loader, beans, components, placeholders), which only a live edit has. {@link RouteCheck#checkEdit} runs these
 * links first, then the links every check has (YAML, schema, ids, referenced files).
 */
@FunctionalInterface
public interface RouteFileCheck {

    /**
     * What is wrong with this version of a route file, most important first; empty when it may be loaded.
     *
     * @param folder the routes folder
     * @param file   the route file, relative to the folder
     * @param text   its text as it will be loaded (read once, so the check and the load see the same version)
     */
    List<Problem> check(RouteFolder folder, String file, String text);
}
