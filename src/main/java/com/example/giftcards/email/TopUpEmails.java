package com.example.giftcards.email;

import com.example.giftcards.giftcard.BalanceAdded;
import com.example.giftcards.giftcard.InvalidEventException;
import com.example.giftcards.giftcard.Money;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.apache.camel.Body;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Turns a balance-added event into the values of the top-up email. */
@Component
public class TopUpEmails {

    private final String currency;

    public TopUpEmails(@Value("${gift.currency}") String currency) {
        this.currency = currency;
    }

    public TopUpEmail of(@Body BalanceAdded event) {
        return new TopUpEmail(
                recipient(event.customerEmail()),
                singleLine(event.customerName()),
                singleLine(event.voucherCode()),
                Money.format(event.amount(), currency),
                Money.format(event.balanceAfter(), currency),
                currency,
                event.transactionId());
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
