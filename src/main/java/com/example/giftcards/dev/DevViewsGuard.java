package com.example.giftcards.dev;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

import com.example.giftcards.http.AdminToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The dev views show envelopes, ERP rows and emails (customers' names and addresses), so they answer only the
 * developer at this machine: a request that came in over the loopback interface and not through a proxy, or one
 * that carries the admin token ({@code Authorization: Bearer <ADMIN_TOKEN>}; with no token set, loopback only).
 * Anyone else gets the 404 of a path that does not exist, from the same error page.
 * <p>
 * "Over the loopback interface" is decided on the connection, never on {@code X-Forwarded-For}: both ends of it
 * must be loopback addresses (the local one cannot be rewritten by Tomcat's RemoteIpValve or Spring's
 * ForwardedHeaderFilter, should forwarded headers ever be switched on), and a request carrying a proxy's headers is
 * not local even from 127.0.0.1 (a tunnel such as ngrok to receive webhooks relays the whole internet from there).
 */
public class DevViewsGuard extends OncePerRequestFilter {

    private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final List<String> PROXY_HEADERS = List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-IP", "Via");

    private final AdminToken adminToken;

    /** @param adminToken {@code ADMIN_TOKEN}; none set: the dev views answer loopback requests only */
    public DevViewsGuard(AdminToken adminToken) {
        this.adminToken = adminToken;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (fromThisMachine(request) || adminToken.matches(request.getHeader("Authorization"))) {
            chain.doFilter(request, response);
        } else {
            // What an unknown path gets: Spring MVC's resource handler (which takes every path no controller has) adds
            // the CORS Vary headers, then the 404 is rendered by JsonErrorController. DevViewsAccessTest compares the two.
            response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
            response.addHeader(HttpHeaders.VARY, HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
            response.addHeader(HttpHeaders.VARY, HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    static boolean fromThisMachine(HttpServletRequest request) {
        return isLoopback(request.getRemoteAddr()) && isLoopback(request.getLocalAddr())
                && PROXY_HEADERS.stream().noneMatch(header -> request.getHeader(header) != null);
    }

    /** An IP literal in 127.0.0.0/8 or ::1. Never a name lookup: anything but a literal is not loopback. */
    static boolean isLoopback(String address) {
        if (address == null) {
            return false;
        }
        int zone = address.indexOf('%');
        String literal = zone < 0 ? address : address.substring(0, zone);
        if (LOOPBACK_IPV4.matcher(literal).matches()) {
            return true;
        }
        if (!IPV6_LITERAL.matcher(literal).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress(); // with a colon this parses, it never resolves
        } catch (UnknownHostException notALiteral) {
            return false;
        }
    }

}
