package com.example.giftcards.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import com.example.giftcards.support.FreePort;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

/** The embedded SMTP catcher keeps the most recent emails, whoever they went to, and no more. */
class CatchAllMailboxTest {

    @Test
    void keepsTheMostRecentEmailsOfAllRecipientsAndNoMore() throws Exception {
        GreenMail catcher = new GreenMail(new ServerSetup(FreePort.pick(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        CatchAllMailbox.install(catcher, 10);
        catcher.start();
        try {
            Properties properties = new Properties();
            properties.setProperty("mail.smtp.host", "127.0.0.1");
            properties.setProperty("mail.smtp.port", String.valueOf(catcher.getSmtp().getPort()));
            Session session = Session.getInstance(properties);
            for (int i = 0; i < 35; i++) {
                MimeMessage email = new MimeMessage(session);
                email.setFrom(new InternetAddress("gift-cards@example.com"));
                email.setRecipient(Message.RecipientType.TO, new InternetAddress("customer-" + i + "@example.com"));
                email.setSubject("email " + i);
                email.setText("top-up " + i);
                Transport.send(email);
            }

            List<String> kept = Arrays.stream(catcher.getReceivedMessages()).map(CatchAllMailboxTest::subject).toList();
            assertThat(kept).hasSizeBetween(10, 11);
            assertThat(kept).contains("email 34", "email 25").doesNotContain("email 0", "email 20");
            assertThat(catcher.getUserManager().listUser()).as("one mailbox, not one per recipient").hasSize(1);
        } finally {
            catcher.stop();
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
