package com.example.giftcards.support;

import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** A real SMTP server (GreenMail) for the tests, one per test JVM. */
public final class TestMail {

    private static TestMail instance;
    private final GreenMail greenMail;

    private TestMail(int port) {
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    public static synchronized TestMail shared() {
        if (instance == null) {
            try {
                instance = new TestMail(TestBroker.freePort());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    public List<MimeMessage> to(String recipient) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> sentTo(m, recipient)).toList();
    }

    public int total() {
        return greenMail.getReceivedMessages().length;
    }

    private static boolean sentTo(MimeMessage message, String recipient) {
        try {
            return Arrays.stream(message.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(recipient));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
