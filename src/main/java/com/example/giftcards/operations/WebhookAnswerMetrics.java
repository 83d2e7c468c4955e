package com.example.giftcards.operations;

import java.io.IOException;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts the webhook endpoint's refusals in {@code gift_webhooks_total{status="<code>"}}, including those Spring
 * answers before a route runs (405, 415). The accepted, ignored, parked and duplicate answers are counted by the
 * event journal, once they committed.
 * <p>
 * Kept over Spring Boot's {@code http.server.requests}: measured, it tags the 405/415 Spring answers itself with
 * {@code uri="UNKNOWN"} (not the webhook path), and accepted, ignored and parked all answer 202.
 */
@Component
public class WebhookAnswerMetrics extends OncePerRequestFilter {

    private final MeterRegistry metrics;

    public WebhookAnswerMetrics(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"/webhooks/voucherify".equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.isAsyncStarted()) { // Camel answers asynchronously: count when the answer is complete
                request.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        count(((HttpServletResponse) event.getSuppliedResponse()).getStatus());
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                    }
                }, request, response);
            } else {
                count(response.getStatus());
            }
        }
    }

    private void count(int status) {
        if (status >= 400) {
            metrics.counter("gift_webhooks", "status", String.valueOf(status)).increment();
        }
    }
}
