package com.example.giftcards.email;

import java.time.Duration;
import java.util.Date;

import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.apache.camel.component.mail.JavaMailSender;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's {@link DefaultJavaMailSender} with its SMTP connections kept open between emails, in a commons-pool2
 * {@link GenericObjectPool}.
 * <p>
 * The default sender connects, greets, sends and quits for every email: a TCP handshake and four extra round trips
 * per message, which made the email leg's throughput a matter of SMTP latency. This one borrows a connection from the
 * pool (the most recently used one, so that spare connections age out after a burst; or a new one) and returns it
 * afterwards. At most as many connections are open as sends run at once (the email leg's consumers).
 * <p>
 * What is sent, and how a failure is answered, is exactly as before: the message is prepared the same way (sent date,
 * the route's Message-ID kept), and any failure closes that connection and is thrown to the route, whose send marker
 * is released and whose retries send again on a fresh connection. The pool's evictor closes connections idle for
 * {@code maxIdleMillis} (servers close idle connections), and one that has been idle that long is not trusted at
 * borrow either; one that has carried {@code maxMessagesPerConnection} emails is closed (providers limit messages per
 * connection). One that has been quiet for a second is asked whether it is still open (NOOP) when borrowed.
 */
public class KeptOpenMailSender extends DefaultJavaMailSender {

    private static final Logger LOG = LoggerFactory.getLogger(KeptOpenMailSender.class);

    /** A connection quiet for this long is asked whether it is still open (NOOP) before it is used. */
    public static final long CHECK_AFTER_QUIET_MILLIS = 1000;

    private final GenericObjectPool<SmtpConnection> pool;
    private final long maxIdleMillis;
    private final int maxMessagesPerConnection;
    private final long checkAfterQuietMillis;

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

        GenericObjectPoolConfig<SmtpConnection> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(-1);                     // bounded by the sends running at once: the leg's consumers
        config.setMaxIdle(-1);
        config.setLifo(true);                       // most recently used first: spare connections age out
        config.setTestOnBorrow(true);               // validateObject: the idle limit and the NOOP check
        config.setNumTestsPerEvictionRun(-1);       // each eviction run looks at every idle connection
        config.setTimeBetweenEvictionRuns(Duration.ofMillis(maxIdleMillis));
        config.setEvictionPolicy((evictionConfig, connection, idleCount) -> idleTooLong(connection));
        config.setJmxEnabled(false);
        pool = new GenericObjectPool<>(new Connections(), config);
    }

    @Override
    public void send(MimeMessage message) throws MessagingException {
        prepare(message);
        SmtpConnection connection = borrow();
        try {
            connection.transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException | RuntimeException e) {
            discard(connection);
            throw e;
        }
        if (++connection.sent >= maxMessagesPerConnection) {
            discard(connection);
        } else {
            pool.returnObject(connection);
        }
    }

    /** Closes the connections idle for longer than the idle limit now (the pool's evictor does it periodically). */
    public void closeIdle() {
        try {
            pool.evict();
        } catch (Exception e) {
            LOG.debug("Closing idle SMTP connections to {}:{} failed; ignored", getHost(), getPort(), e);
        }
    }

    /** Closes every connection (at shutdown, or when the route using this sender is removed). */
    public void closeAll() {
        pool.close();
    }

    /** Connections opened since start: for tests and the benchmark, which compare it with the emails sent. */
    public long connectionsOpened() {
        return pool.getCreatedCount();
    }

    int idleConnections() {
        return pool.getNumIdle();
    }

    private SmtpConnection borrow() throws MessagingException {
        try {
            return pool.borrowObject();
        } catch (MessagingException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new MessagingException("No SMTP connection to " + getHost() + ":" + getPort(), e);
        }
    }

    private void discard(SmtpConnection connection) {
        try {
            pool.invalidateObject(connection);
        } catch (Exception e) {
            LOG.debug("Closing an SMTP connection to {}:{} failed; ignored", getHost(), getPort(), e);
        }
    }

    private boolean idleTooLong(PooledObject<SmtpConnection> connection) {
        return connection.getIdleDuration().toMillis() >= maxIdleMillis;
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

    /** An open SMTP connection, with the emails it has carried. */
    static final class SmtpConnection {
        final Transport transport;
        int sent;

        SmtpConnection(Transport transport) {
            this.transport = transport;
        }
    }

    /** Opens, checks and closes the pool's connections. */
    private final class Connections extends BasePooledObjectFactory<SmtpConnection> {

        @Override
        public SmtpConnection create() throws MessagingException {
            Transport transport = getTransport(getSession());
            PasswordAuthentication credentials = getPasswordAuthentication();
            transport.connect(getHost(), getPort(), credentials.getUserName(), credentials.getPassword());
            return new SmtpConnection(transport);
        }

        @Override
        public PooledObject<SmtpConnection> wrap(SmtpConnection connection) {
            return new DefaultPooledObject<>(connection);
        }

        /**
         * At borrow: a new connection is used as it is; a reused one not if idle for too long, and only after a NOOP
         * if quiet for a while (isConnected() asks the server; never for one in use by a burst).
         */
        @Override
        public boolean validateObject(PooledObject<SmtpConnection> connection) {
            if (connection.getBorrowedCount() <= 1) {
                return true;
            }
            boolean quiet = connection.getIdleDuration().toMillis() >= checkAfterQuietMillis;
            return !idleTooLong(connection) && (!quiet || connection.getObject().transport.isConnected());
        }

        @Override
        public void destroyObject(PooledObject<SmtpConnection> connection) {
            try {
                connection.getObject().transport.close();
            } catch (MessagingException | RuntimeException e) {
                LOG.debug("Closing an SMTP connection to {}:{} failed; ignored", getHost(), getPort(), e);
            }
        }
    }
}
