package com.example.giftcards.email;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.component.mail.JavaMailSender;
import org.apache.camel.component.mail.MailConfiguration;
import org.springframework.beans.factory.DisposableBean;

/**
 * The SMTP connections kept open by the mail endpoints' senders ({@link KeptOpenMailSender}, each with its pool, whose
 * evictor closes those left idle after a burst): all of them are closed at shutdown. Settings:
 * {@code gift.smtp.connection-max-idle} and {@code gift.smtp.messages-per-connection}.
 */
public class SmtpConnections implements DisposableBean {

    private final List<KeptOpenMailSender> senders = new CopyOnWriteArrayList<>();
    private final long maxIdleMillis;
    private final int maxMessagesPerConnection;

    public SmtpConnections(long maxIdleMillis, int maxMessagesPerConnection) {
        this.maxIdleMillis = maxIdleMillis;
        this.maxMessagesPerConnection = maxMessagesPerConnection;
    }

    /** The mail component's configuration, whose endpoints send through kept-open connections. */
    public MailConfiguration mailConfiguration() {
        return new KeptOpenConnectionsConfiguration(this);
    }

    KeptOpenMailSender keepOpen(JavaMailSender settings) {
        KeptOpenMailSender sender = new KeptOpenMailSender(settings, maxIdleMillis, maxMessagesPerConnection);
        senders.add(sender);
        return sender;
    }

    /** Connections opened since start, over all senders. */
    public long opened() {
        return senders.stream().mapToLong(KeptOpenMailSender::connectionsOpened).sum();
    }

    @Override
    public void destroy() {
        senders.forEach(KeptOpenMailSender::closeAll);
    }

    /**
     * Camel's mail configuration, but each endpoint's sender (built from the endpoint's URI and options exactly as
     * before) keeps its connections open. Endpoints get a copy of the component's configuration (a clone), so this
     * class, and its link to the registry, carries over to every smtp endpoint of the routes.
     */
    static final class KeptOpenConnectionsConfiguration extends MailConfiguration {
        private final SmtpConnections connections;

        KeptOpenConnectionsConfiguration(SmtpConnections connections) {
            this.connections = connections;
        }

        @Override
        protected JavaMailSender createJavaMailSender(CamelContext context) {
            return connections.keepOpen(super.createJavaMailSender(context));
        }
    }
}
