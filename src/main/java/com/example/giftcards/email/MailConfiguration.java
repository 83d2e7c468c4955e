package com.example.giftcards.email;

import java.time.Duration;
import java.util.Properties;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.DefaultHeaderFilterStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** SMTP: credentials and STARTTLS for a real server, or an embedded catcher (GreenMail) when SMTP_HOST is unset. */
@Configuration(proxyBeanMethods = false)
public class MailConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MailConfiguration.class);

    /** SMTP connections stay open between emails (see KeptOpenMailSender): one per email leg consumer at most. */
    @Bean
    public SmtpConnections smtpConnections(@Value("${gift.smtp.connection-max-idle}") Duration maxIdle,
                                           @Value("${gift.smtp.messages-per-connection}") int messagesPerConnection) {
        return new SmtpConnections(maxIdle.toMillis(), messagesPerConnection);
    }

    /**
     * The mail component sends through kept-open connections (its configuration, copied, is SmtpConnections'); then
     * credentials only when configured: an empty user name must not switch SMTP AUTH on.
     */
    @Bean
    public ComponentCustomizer smtpComponent(@Value("${gift.smtp.user}") String user,
                                             @Value("${gift.smtp.password}") String password,
                                             @Value("${gift.smtp.starttls}") boolean starttls,
                                             SmtpConnections connections) {
        return ComponentCustomizer.builder(MailComponent.class).build(mail -> {
            org.apache.camel.component.mail.MailConfiguration keptOpen = connections.mailConfiguration();
            BeanUtils.copyProperties(mail.getConfiguration(), keptOpen);
            mail.setConfiguration(keptOpen);
            if (!user.isBlank()) {
                mail.getConfiguration().setUsername(user);
                mail.getConfiguration().setPassword(password);
            }
            Properties extra = new Properties();
            extra.setProperty("mail.smtp.starttls.enable", String.valueOf(starttls));
            extra.setProperty("mail.smtp.timeout", "10000");
            extra.setProperty("mail.smtp.writetimeout", "10000");
            mail.getConfiguration().setAdditionalJavaMailProperties(extra);
            mail.getConfiguration().setConnectionTimeout(10000);
        });
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
