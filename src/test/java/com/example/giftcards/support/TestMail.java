package com.example.giftcards.support;

import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

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
            instance = new TestMail(FreePort.pick());
        }
        return instance;
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    public List<MimeMessage> to(String recipient) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> sentTo(m, recipient)).toList();
    }

    /** How many emails each recipient got (one pass over the mailbox). */
    public java.util.Map<String, Long> countsByRecipient() {
        return Arrays.stream(greenMail.getReceivedMessages()).flatMap(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Object::toString);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).collect(java.util.stream.Collectors.groupingBy(r -> r, java.util.stream.Collectors.counting()));
    }

    /** How many emails have this text in their plain-text part (each email quotes its transaction id). */
    public long mentioning(String text) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
            try {
                String plain = part(m, "text/plain");
                return plain != null && plain.contains(text);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).count();
    }

    /**
     * When the server stored each email to this recipient, in milliseconds (an email's Date header has whole seconds
     * only, and is set by the sender).
     */
    public List<java.time.Instant> receivedAt(String recipient) {
        return greenMail.getManagers().getImapHostManager().getAllMessages().stream()
                .filter(m -> sentTo(m.getMimeMessage(), recipient))
                .map(m -> m.getReceivedDate().toInstant())
                .toList();
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

    /** The text of the first part of that MIME type (text/html, text/plain). */
    public static String part(MimeMessage email, String type) throws Exception {
        Object content = email.getContent();
        if (content instanceof MimeMultipart multipart) {
            return find(multipart, type);
        }
        return email.isMimeType(type) ? content.toString() : null;
    }

    private static String find(MimeMultipart multipart, String type) throws Exception {
        for (int i = 0; i < multipart.getCount(); i++) {
            var part = multipart.getBodyPart(i);
            if (part.isMimeType(type)) {
                return part.getContent().toString();
            }
            if (part.getContent() instanceof MimeMultipart nested) {
                String found = find(nested, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
