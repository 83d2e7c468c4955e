/**
 * The route check: {@code --validate-routes}, the same check at start-up and on live edits. One concern in 14
 * classes: reading the route files with their line numbers ({@code RouteYaml}, {@code RouteFolder}), the three rules
 * (the Camel YAML DSL schema, ids and descriptions, referenced SQL files and templates), and the ways the result is
 * reported (command line, start-up failure analyzer, live-edit refusal). Each rule is a class of its own so that a
 * problem names its file and line the same way wherever the check runs. One chain ({@code RouteCheck}), one
 * {@code Problem} type: a live edit adds Camel's own reading of the file as its first link ({@code RouteFileCheck},
 * implemented in {@code camel.reload}, where the running Camel is).
 */
package com.example.giftcards.routecheck;
