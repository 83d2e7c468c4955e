package com.example.giftcards.email;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

import com.example.giftcards.giftcard.GiftTransaction;
import com.example.giftcards.giftcard.InvalidEventException;
import com.example.giftcards.giftcard.Money;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Headers;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Turns a balance-added event into the values of the top-up email. */
@Component
public class TopUpEmails {

    private final String currency;
    private final String messageIdDomain;
    private final TopUpEmailTemplates templates;

    public TopUpEmails(@Value("${gift.currency}") String currency, @Value("${gift.mail.from}") String from,
            TopUpEmailTemplates templates) {
        this.currency = currency;
        this.messageIdDomain = domainOf(from);
        this.templates = templates;
    }

    /**
     * The email's values, in the customer's language ({@code customerLanguage}, a BCP 47 tag taken from the payload
     * by the route; none or a malformed one means the default language); and its mail headers To, Message-ID and
     * Content-Language, set here in one call rather than by a {@code ${body.x}} expression each.
     */
    public TopUpEmail of(@Body GiftTransaction event, @ExchangeProperty("customerLanguage") Object customerLanguage,
            @Headers Map<String, Object> headers) {
        TopUpEmail email = valuesOf(event, customerLanguage);
        headers.put("To", email.recipient());
        headers.put("Message-ID", email.messageId());
        headers.put("Content-Language", email.language());
        return email;
    }

    TopUpEmail valuesOf(GiftTransaction event, Object customerLanguage) {
        String recipient = recipient(event.customerEmail());
        TopUpEmailTemplates.Choice choice = templates.forCustomer(CustomerLanguage.parse(customerLanguage));
        Locale locale = choice.locale();
        return new TopUpEmail(
                recipient,
                singleLine(event.customerName()),
                singleLine(event.voucherCode()),
                Money.format(event.amount(), currency, locale),
                Money.format(event.balanceAfter(), currency, locale),
                currency,
                event.transactionId(),
                messageId(event.transactionId(), messageIdDomain),
                locale.toLanguageTag(),
                choice.subject(),
                choice.text(),
                choice.html(),
                event.envelope());
    }

    /**
     * The customer's language tag as the payload has it: the first text at these dotted paths into the envelope
     * (comma-separated, as the route lists them), or null. Checked in {@link #of}, not here.
     */
    public String languageAt(Map<String, Object> envelope, String paths) {
        return envelope == null ? null : CustomerLanguage.textAt(envelope, paths.split(","));
    }

    /** A rendered subject template as one header line: no line breaks, control characters or outer spaces. */
    public String subjectLine(@Body String rendered) {
        return rendered == null ? "" : rendered.replaceAll("[\\s\\p{Cntrl}]+", " ").strip();
    }

    /**
     * The same for every send of a transaction's email, so that a resend (after an unknown outcome) is recognisable
     * as the same message by mail systems. The id is used as it is when it is safe in a Message-ID, else hashed.
     */
    static String messageId(String transactionId, String domain) {
        String local = transactionId.matches("[A-Za-z0-9_.-]{1,100}") ? transactionId : sha256Hex(transactionId);
        return "<top-up." + local + "@" + domain + ">";
    }

    static String domainOf(String from) {
        try {
            String address = new InternetAddress(from).getAddress();
            int at = address == null ? -1 : address.lastIndexOf('@');
            return at < 0 ? "gift-integration.invalid" : address.substring(at + 1);
        } catch (AddressException e) {
            return "gift-integration.invalid";
        }
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Exactly one syntactically valid address: a list or a header injection attempt is poison, not a recipient. */
    static String recipient(String email) {
        String trimmed = email == null ? "" : email.trim();
        try {
            InternetAddress[] parsed = InternetAddress.parse(trimmed, true);
            if (parsed.length != 1 || trimmed.chars().anyMatch(Character::isISOControl)) {
                throw new InvalidEventException("customer.email is not a single email address");
            }
            parsed[0].validate();
            if (parsed[0].getPersonal() != null || !trimmed.equals(parsed[0].getAddress())) {
                throw new InvalidEventException("customer.email is not a plain email address");
            }
            return parsed[0].getAddress();
        } catch (AddressException e) {
            throw new InvalidEventException("customer.email is not a valid email address");
        }
    }

    /** Names and codes go into a subject line and a greeting: no line breaks or control characters. */
    static String singleLine(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return text.replaceAll("\\p{Cntrl}+", " ").strip();
    }
}
