package com.example.giftcards.email;

import java.util.Date;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.apache.camel.component.mail.JavaMailSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's {@link DefaultJavaMailSender} with its SMTP connections kept open between emails.
 * <p>
 * The default sender connects, greets, sends and quits for every email: a TCP handshake and four extra round trips
 * per message, which made the email leg's throughput a matter of SMTP latency. This one keeps the connections it
 * opened in an idle stack: a send takes the most recently used one (so that spare connections age out after a
 * burst), or opens a new one, and puts it back afterwards. At most as many connections are open as sends run at
 * once (the email leg's consumers).
 * <p>
 * What is sent, and how a failure is answered, is exactly as before: the message is prepared the same way (sent date,
 * the route's Message-ID kept), and any failure closes that connection and is thrown to the route, whose send marker
 * is released and whose retries send again on a fresh connection. A connection idle for longer than
 * {@code maxIdleMillis} is not trusted (servers close idle connections) and is closed instead of used; one that has
 * carried {@code maxMessagesPerConnection} emails is closed (providers limit messages per connection). One that has
 * been quiet for a second is asked whether it is still open (NOOP) before it is used.
 */
public class KeptOpenMailSender extends DefaultJavaMailSender {

    private static final Logger LOG = LoggerFactory.getLogger(KeptOpenMailSender.class);

    /** A connection quiet for this long is asked whether it is still open (NOOP) before it is used. */
    public static final long CHECK_AFTER_QUIET_MILLIS = 1000;

    private final BlockingDeque<OpenConnection> idle = new LinkedBlockingDeque<>();
    private final long maxIdleMillis;
    private final int maxMessagesPerConnection;
    private final long checkAfterQuietMillis;
    private final AtomicLong opened = new AtomicLong();

    public KeptOpenMailSender(JavaMailSender settings, long maxIdleMillis, int maxMessagesPerConnection) {
        this(settings, maxIdleMillis, maxMessagesPerConnection, CHECK_AFTER_QUIET_MILLIS);
    }

    KeptOpenMailSender(JavaMailSender settings, long maxIdleMillis, int maxMessagesPerConnection,
                       long checkAfterQuietMillis) {
        this.maxIdleMillis = maxIdleMillis;
        this.maxMessagesPerConnection = maxMessagesPerConnection;
        this.checkAfterQuietMillis = checkAfterQuietMillis;
        setJavaMailProperties(settings.getJavaMailProperties());
        setHost(settings.getHost());
        setPort(settings.getPort());
        setUsername(settings.getUsername());
        setPassword(settings.getPassword());
        setProtocol(settings.getProtocol());
        setSession(settings.getSession());
        setAuthenticator(settings.getAuthenticator());
    }

    @Override
    public void send(MimeMessage message) throws MessagingException {
        OpenConnection connection = takeIdleOrOpen();
        prepare(message);
        try {
            connection.transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException | RuntimeException e) {
            connection.close();
            throw e;
        }
        connection.sent++;
        connection.lastUsed = System.currentTimeMillis();
        if (connection.sent >= maxMessagesPerConnection) {
            connection.close();
        } else {
            idle.offerFirst(connection);
        }
    }

    /** Closes the connections idle for longer than the idle limit; called periodically by {@link SmtpConnections}. */
    public void closeIdle() {
        long now = System.currentTimeMillis();
        // The stack's bottom holds the longest-idle connections.
        for (OpenConnection connection; (connection = idle.peekLast()) != null && connection.idleTooLong(now); ) {
            if (idle.removeLastOccurrence(connection)) {
                connection.close();
            }
        }
    }

    /** Closes every idle connection (at shutdown, or when the route using this sender is removed). */
    public void closeAll() {
        for (OpenConnection connection; (connection = idle.pollFirst()) != null; ) {
            connection.close();
        }
    }

    /** Connections opened since start: for tests and the benchmark, which compare it with the emails sent. */
    public long connectionsOpened() {
        return opened.get();
    }

    int idleConnections() {
        return idle.size();
    }

    private OpenConnection takeIdleOrOpen() throws MessagingException {
        long now = System.currentTimeMillis();
        for (OpenConnection connection; (connection = idle.pollFirst()) != null; ) {
            // isConnected() asks the server (NOOP): only for a connection that has been quiet for a while, never
            // for one in use by a burst.
            boolean quiet = now - connection.lastUsed >= checkAfterQuietMillis;
            if (!connection.idleTooLong(now) && (!quiet || connection.transport.isConnected())) {
                return connection;
            }
            connection.close();
        }
        Transport transport = getTransport(getSession());
        PasswordAuthentication credentials = getPasswordAuthentication();
        transport.connect(getHost(), getPort(), credentials.getUserName(), credentials.getPassword());
        opened.incrementAndGet();
        return new OpenConnection(transport, now);
    }

    /** As DefaultJavaMailSender does: a sent date if none, and the Message-ID the route set survives saveChanges. */
    private static void prepare(MimeMessage message) throws MessagingException {
        if (message.getSentDate() == null) {
            message.setSentDate(new Date());
        }
        String messageId = message.getMessageID();
        message.saveChanges();
        if (messageId != null) {
            message.setHeader("Message-ID", messageId);
        }
    }

    private final class OpenConnection {
        final Transport transport;
        long lastUsed;
        int sent;

        OpenConnection(Transport transport, long now) {
            this.transport = transport;
            this.lastUsed = now;
        }

        boolean idleTooLong(long now) {
            return now - lastUsed >= maxIdleMillis;
        }

        void close() {
            try {
                transport.close();
            } catch (MessagingException | RuntimeException e) {
                LOG.debug("Closing an SMTP connection to {}:{} failed; ignored", getHost(), getPort(), e);
            }
        }
    }
}
