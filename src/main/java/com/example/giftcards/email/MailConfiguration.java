package com.example.giftcards.email;

import java.time.Duration;
import java.util.Properties;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.DefaultHeaderFilterStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** SMTP: credentials and STARTTLS for a real server, or an embedded catcher (GreenMail) when SMTP_HOST is unset. */
@Configuration(proxyBeanMethods = false)
public class MailConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MailConfiguration.class);

    /**
     * How every smtp: endpoint sends: through connections kept open between emails (at most one per email leg
     * consumer), set as camel-mail's own javaMailSender option on the mail components. The SMTP server and
     * credentials are gift.smtp.*; credentials only when configured (an empty user name must not switch SMTP AUTH on).
     */
    @Bean(destroyMethod = "closeAll")
    public KeptOpenMailSender smtpSender(@Value("${gift.smtp.host}") String host, @Value("${gift.smtp.port}") int port,
                                         @Value("${gift.smtp.user}") String user,
                                         @Value("${gift.smtp.password}") String password,
                                         @Value("${gift.smtp.starttls}") boolean starttls,
                                         @Value("${gift.smtp.connection-max-idle}") Duration maxIdle,
                                         @Value("${gift.smtp.messages-per-connection}") int messagesPerConnection) {
        DefaultJavaMailSender settings = new DefaultJavaMailSender();
        settings.setProtocol("smtp");
        settings.setHost(host);
        settings.setPort(port);
        boolean authenticated = !user.isBlank();
        if (authenticated) {
            settings.setUsername(user);
            settings.setPassword(password);
        }
        Properties properties = new Properties();
        properties.setProperty("mail.transport.protocol", "smtp");
        properties.setProperty("mail.smtp.host", host);
        properties.setProperty("mail.smtp.port", String.valueOf(port));
        properties.setProperty("mail.smtp.auth", String.valueOf(authenticated));
        properties.setProperty("mail.smtp.starttls.enable", String.valueOf(starttls));
        properties.setProperty("mail.smtp.connectiontimeout", "10000");
        properties.setProperty("mail.smtp.timeout", "10000");
        properties.setProperty("mail.smtp.writetimeout", "10000");
        settings.setJavaMailProperties(properties);
        return new KeptOpenMailSender(settings, maxIdle.toMillis(), messagesPerConnection);
    }

    @Bean
    public ComponentCustomizer smtpComponent(KeptOpenMailSender smtpSender) {
        return ComponentCustomizer.builder(MailComponent.class).build(mail -> mail.getConfiguration().setJavaMailSender(smtpSender));
    }

    /**
     * Camel turns every exchange header into a mail header; the email leg carries event ids and JMS headers that
     * are none of the customer's business. Only these go out.
     */
    @Bean
    public HeaderFilterStrategy mailHeaderFilter() {
        DefaultHeaderFilterStrategy filter = new DefaultHeaderFilterStrategy();
        filter.setOutFilterPattern("(?i)^(?!(to|from|subject|message-id|content-language)$).*");
        return filter;
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    @ConditionalOnExpression("'${SMTP_HOST:}'.isBlank()")
    public GreenMail embeddedSmtpCatcher(@Value("${gift.smtp.port}") int port,
                                         @Value("${gift.smtp.embedded-catcher-keeps}") int keeps) throws Exception {
        LOG.info("No SMTP_HOST set: emails go to the embedded SMTP catcher on localhost:{}, readable at /dev/mailbox"
                + " (the last {})", port, keeps);
        GreenMail catcher = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        CatchAllMailbox.install(catcher, keeps);
        return catcher;
    }
}
