package com.example.giftcards.email;

import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import com.example.giftcards.support.FaultyTcpProxy;
import com.example.giftcards.support.TestMail;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The kept-open SMTP connections, against a real SMTP server (GreenMail) behind a proxy that counts connections. */
class KeptOpenMailSenderTest {

    private static final TestMail MAIL = TestMail.shared();
    private FaultyTcpProxy proxy;
    private DefaultJavaMailSender settings;

    @BeforeEach
    void proxyInFrontOfTheServer() throws Exception {
        proxy = new FaultyTcpProxy("127.0.0.1", MAIL.port());
        settings = new DefaultJavaMailSender();
        settings.setHost("127.0.0.1");
        settings.setPort(proxy.port());
        settings.setProtocol("smtp");
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.timeout", "10000");
        settings.setJavaMailProperties(properties);
    }

    @AfterEach
    void closeProxy() throws Exception {
        proxy.close();
    }

    @Test
    void emailsInARowShareOneConnectionAndKeepTheirMessageIds() throws Exception {
        KeptOpenMailSender sender = new KeptOpenMailSender(settings, 60_000, 1_000);
        String run = UUID.randomUUID().toString();
        for (int i = 0; i < 25; i++) {
            sender.send(email(sender, "row-" + i + "-" + run + "@example.com", "<row." + i + "." + run + "@example.com>"));
        }
        assertThat(proxy.passed()).isEqualTo(1);
        assertThat(sender.connectionsOpened()).isEqualTo(1);
        for (int i = 0; i < 25; i++) {
            var received = MAIL.to("row-" + i + "-" + run + "@example.com");
            assertThat(received).hasSize(1);
            assertThat(received.get(0).getMessageID()).isEqualTo("<row." + i + "." + run + "@example.com>");
        }
        sender.closeAll();
    }

    @Test
    void aConnectionIsReplacedAfterItsMessageAllowance() throws Exception {
        KeptOpenMailSender sender = new KeptOpenMailSender(settings, 60_000, 5);
        String run = UUID.randomUUID().toString();
        for (int i = 0; i < 12; i++) {
            sender.send(email(sender, "allowance-" + i + "-" + run + "@example.com", null));
        }
        assertThat(proxy.passed()).isEqualTo(3);
        for (int i = 0; i < 12; i++) {
            assertThat(MAIL.to("allowance-" + i + "-" + run + "@example.com")).hasSize(1);
        }
        sender.closeAll();
    }

    @Test
    void aConnectionCutDuringABurstFailsOneSendWhichTheNextAttemptSendsOnAFreshConnection() throws Exception {
        KeptOpenMailSender sender = new KeptOpenMailSender(settings, 60_000, 1_000, 60_000);
        String run = UUID.randomUUID().toString();
        sender.send(email(sender, "before-cut-" + run + "@example.com", null));
        proxy.mode(FaultyTcpProxy.Mode.DROP);   // cuts the open connection
        proxy.mode(FaultyTcpProxy.Mode.PASS);

        String retried = "after-cut-" + run + "@example.com";
        assertThatThrownBy(() -> sender.send(email(sender, retried, null))).isInstanceOf(MessagingException.class);
        assertThat(MAIL.to(retried)).isEmpty();
        sender.send(email(sender, retried, null));   // the leg's retry

        assertThat(MAIL.to(retried)).hasSize(1);
        assertThat(proxy.passed()).isEqualTo(2);
        sender.closeAll();
    }

    @Test
    void aQuietConnectionIsCheckedFirstSoThatOneClosedMeanwhileCostsNoFailure() throws Exception {
        KeptOpenMailSender sender = new KeptOpenMailSender(settings, 60_000, 1_000, 0);   // every reuse checks
        String run = UUID.randomUUID().toString();
        sender.send(email(sender, "quiet-1-" + run + "@example.com", null));
        proxy.mode(FaultyTcpProxy.Mode.DROP);
        proxy.mode(FaultyTcpProxy.Mode.PASS);

        sender.send(email(sender, "quiet-2-" + run + "@example.com", null));

        assertThat(MAIL.to("quiet-2-" + run + "@example.com")).hasSize(1);
        assertThat(proxy.passed()).isEqualTo(2);
        sender.closeAll();
    }

    @Test
    void idleConnectionsAreClosedByThePoolsOwnSweep() throws Exception {
        // a real idle limit: the pool's evictor runs every 300 ms and closes what has been idle that long; nothing
        // here calls closeIdle(), so only the evictor can empty the pool
        KeptOpenMailSender sender = new KeptOpenMailSender(settings, 300, 1_000);
        sender.send(email(sender, "idle-" + UUID.randomUUID() + "@example.com", null));
        assertThat(proxy.passed()).isEqualTo(1);
        assertThat(sender.idleConnections()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> sender.idleConnections() == 0);

        // and the next email opens a fresh connection instead of using the closed one
        sender.send(email(sender, "after-sweep-" + UUID.randomUUID() + "@example.com", null));
        assertThat(sender.connectionsOpened()).isEqualTo(2);
        sender.closeAll();
    }

    private static MimeMessage email(KeptOpenMailSender sender, String to, String messageId) throws Exception {
        Session session = sender.getSession();
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("gift-cards@example.com"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject("Top-up");
        message.setText("Your gift card was topped up.");
        if (messageId != null) {
            message.setHeader("Message-ID", messageId);
        }
        return message;
    }
}
