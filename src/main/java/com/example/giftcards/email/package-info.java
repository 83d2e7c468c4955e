/**
 * The email leg's Java: the email's values and language ({@code TopUpEmails}, {@code TopUpEmail},
 * {@code CustomerLanguage}, {@code TopUpEmailTemplates}), at most one email per transaction ({@code EmailSendMarkers}
 * and its two exceptions), and the SMTP side ({@code MailConfiguration}, {@code KeptOpenMailSender}, the
 * embedded catcher's {@code CatchAllMailbox}). One concern, the customer's email, in 10 small classes: they change
 * together when the email changes.
 */
package com.example.giftcards.email;
