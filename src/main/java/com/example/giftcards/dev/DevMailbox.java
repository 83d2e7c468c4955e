package com.example.giftcards.dev;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read-only view of the embedded SMTP catcher, so a person running the default setup can read the emails a
 * customer would get, oldest first (the catcher's order of arrival). Exists only when the embedded catcher does (SMTP_HOST unset). Answers only loopback or the
 * admin token ({@link DevViewsGuard}).
 */
@RestController
@ConditionalOnExpression("'${SMTP_HOST:}'.isBlank()")
public class DevMailbox {

    private final GreenMail greenMail;

    public DevMailbox(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    @GetMapping(path = "/dev/mailbox", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<Map<String, Object>> list() throws MessagingException, IOException {
        List<Map<String, Object>> messages = new ArrayList<>();
        Message[] received = greenMail.getReceivedMessages();
        for (int i = 0; i < received.length; i++) {
            Message message = received[i];
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("index", i);
            summary.put("to", String.valueOf(message.getRecipients(Message.RecipientType.TO)[0]));
            summary.put("from", String.valueOf(message.getFrom()[0]));
            summary.put("subject", message.getSubject());
            String[] language = message.getHeader("Content-Language");
            summary.put("content_language", language == null ? null : language[0]);
            summary.put("text", part(message, "text/plain"));
            summary.put("html_url", "/dev/mailbox/" + i + "/html");
            messages.add(summary);
        }
        return messages;
    }

    @GetMapping(path = "/dev/mailbox/{index}/html")
    public ResponseEntity<String> html(@PathVariable int index) throws MessagingException, IOException {
        Message[] received = greenMail.getReceivedMessages();
        if (index < 0 || index >= received.length) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok().contentType(new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8))
                .body(part(received[index], "text/html"));
    }

    static String part(Part part, String mimeType) throws MessagingException, IOException {
        if (part.isMimeType(mimeType)) {
            return String.valueOf(part.getContent());
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String found = part(child, mimeType);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
