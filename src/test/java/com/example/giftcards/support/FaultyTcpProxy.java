package com.example.giftcards.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a real server, to inject real network faults: pass traffic through, drop every
 * connection (a database or broker going away), answer SMTP clients "421 try again later", or accept connections
 * and pass nothing on (a server that hangs mid-conversation).
 */
public final class FaultyTcpProxy implements AutoCloseable {

    public enum Mode { PASS, DROP, SMTP_BUSY, STALL }

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.PASS;
    private final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger stalled = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger passed = new java.util.concurrent.atomic.AtomicInteger();

    public FaultyTcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        this.server.bind(new InetSocketAddress("127.0.0.1", 0));
        Thread acceptor = new Thread(this::acceptLoop, "faulty-proxy-" + targetPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Connections turned away since the proxy started: proof that a client tried during the fault. */
    public int refused() {
        return refused.get();
    }

    /** Connections passed on to the target since the proxy started (PASS). */
    public int passed() {
        return passed.get();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted and held without a byte passed on (STALL): a client is waiting on the target. */
    public int stalled() {
        return stalled.get();
    }

    /** Switches the fault; leaving PASS or STALL also cuts every connection already open. */
    public void mode(Mode newMode) {
        Mode previous = this.mode;
        this.mode = newMode;
        if (newMode != Mode.PASS || previous == Mode.STALL) {
            for (Socket socket : open) {
                closeQuietly(socket);
            }
            open.clear();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (mode != Mode.PASS) {
                    refused.incrementAndGet();
                }
                switch (mode) {
                    case DROP -> closeQuietly(client);
                    case SMTP_BUSY -> {
                        client.getOutputStream().write("421 4.3.2 Service not available, try again later\r\n".getBytes(StandardCharsets.US_ASCII));
                        client.getOutputStream().flush();
                        closeQuietly(client);
                    }
                    case STALL -> {
                        open.add(client);
                        stalled.incrementAndGet();
                    }
                    case PASS -> connect(client);
                }
            } catch (IOException e) {
                // server closed, or one client failed: keep serving the others
            }
        }
    }

    private void connect(Socket client) throws IOException {
        Socket upstream;
        try {
            upstream = new Socket(targetHost, targetPort);
        } catch (IOException e) {
            closeQuietly(client);
            return;
        }
        passed.incrementAndGet();
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // connection cut
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "faulty-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        mode(Mode.DROP);
    }
}
