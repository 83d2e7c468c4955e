package com.example.giftcards.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Camel's HTTP binding parses a form-encoded POST body into parameters before any route step runs, and fails
 * with a 500 on a body that is not really a form. Our endpoints take JSON only, so such a request is answered
 * here with the same 415 the route gives for any other wrong content type.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class FormBodyGuard extends OncePerRequestFilter {

    private static final byte[] ANSWER = "{\"error\":{\"code\":\"unsupported_media_type\",\"message\":\"Content-Type must be application/json\"}}"
            .getBytes(StandardCharsets.UTF_8);

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String contentType = request.getContentType();
        return contentType == null
                || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
                || !(request.getRequestURI().startsWith("/webhooks/") || request.getRequestURI().startsWith("/admin/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setStatus(415);
        response.setContentType("application/json");
        response.setContentLength(ANSWER.length);
        response.getOutputStream().write(ANSWER);
    }
}
