/**
 * {@code --try} and {@code --test-routes}: the service's own application and route files run with the outside world
 * swapped (no web server, broker or SMTP; sends captured; the ERP in a transaction that is rolled back, or an
 * in-memory copy). One concern in 14 classes because both commands share that one engine ({@link
 * com.example.giftcards.rehearsal.Rehearsal}); the rest is each command's reading of its input (the event, the route
 * test cases) and its report, and placing a failure at its file and line. Splitting it into sub-packages would make
 * the engine's package-private seams public.
 */
package com.example.giftcards.rehearsal;
