package com.example.giftcards.camel.reload;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The door of the routes' HTTP endpoints (the webhook, the admin paths) while {@link RouteEditGuard} swaps routes.
 * Camel stops a route before it starts its new version, and a request that arrives in between is refused (503 from
 * the stopped consumer, 404 or 500 while it is removed). So every request passes the gate as a reader, from its
 * arrival until its answer is complete (Camel answers asynchronously: until the async request completes); a swap
 * takes the whole gate: it waits for the requests in flight to finish on the routes they started on, holds new ones
 * for at most {@code hold}, swaps, and lets them in to the new routes. A request held longer than {@code hold} gets
 * the documented 503 {@code unavailable}, and Voucherify sends it again.
 * <p>
 * A fair {@link Semaphore} rather than a read-write lock: the reader's pass is given back on another thread (the one
 * that completes the async request), which a {@code ReentrantReadWriteLock} does not allow; fairness makes a waiting
 * swap hold the requests that arrive after it, so it cannot be starved by a steady stream of them.
 */
public final class EditGate extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(EditGate.class);
    private static final int ALL = Integer.MAX_VALUE;
    static final String RETRY_AFTER_SECONDS = "30";

    private final Semaphore passes = new Semaphore(ALL, true);
    private final long holdNanos;

    public EditGate(Duration hold) {
        this.holdNanos = hold.toNanos();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean passed;
        try {
            passed = passes.tryAcquire(1, holdNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            passed = false;
        }
        if (!passed) {
            LOG.warn("Request not accepted: the routes were being swapped for longer than {} ms",
                    TimeUnit.NANOSECONDS.toMillis(holdNanos));
            response.setStatus(503);
            response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":{\"code\":\"unavailable\","
                    + "\"message\":\"Temporarily unable to accept this; retry later\"}}");
            return;
        }
        AtomicBoolean given = new AtomicBoolean();
        Runnable giveBack = () -> {
            if (given.compareAndSet(false, true)) {
                passes.release();
            }
        };
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new GiveBack(giveBack), request, response);
            } else {
                giveBack.run();
            }
        }
    }

    /**
     * Closes the gate for the swap: waits for the requests in flight (at most {@code hold}) and holds new ones. False
     * when requests were still in flight after that: the swap goes ahead with the gate open, as without it.
     */
    boolean close() {
        try {
            if (passes.tryAcquire(ALL, holdNanos, TimeUnit.NANOSECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.warn("Requests were still in flight after {} ms: the routes are swapped without holding new ones",
                TimeUnit.NANOSECONDS.toMillis(holdNanos));
        return false;
    }

    /** After a successful {@link #close()}: the held requests go in; about how many they are. */
    int open() {
        int held = passes.getQueueLength();
        passes.release(ALL);
        return held;
    }

    /** Gives the pass back when the async request is over, however it ended. */
    private record GiveBack(Runnable giveBack) implements AsyncListener {

        @Override
        public void onComplete(AsyncEvent event) {
            giveBack.run();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            giveBack.run();
        }

        @Override
        public void onError(AsyncEvent event) {
            giveBack.run();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // a new async cycle drops the listeners: stay on, to give the pass back when that one ends
            event.getAsyncContext().addListener(this);
        }
    }
}
