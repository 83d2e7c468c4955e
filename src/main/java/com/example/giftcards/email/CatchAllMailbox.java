package com.example.giftcards.email;

import java.util.List;

import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserException;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Flags;

/**
 * The embedded SMTP catcher's delivery: every email, whoever it is addressed to, lands in one mailbox that keeps the
 * most recent {@code keep} messages.
 * <p>
 * GreenMail's own delivery creates a user and a mailbox for every new recipient, finds them by a linear scan, and
 * keeps every message for ever: with thousands of distinct customers it cost more CPU than sending the emails, and
 * its memory grew without bound. A development catcher needs neither: {@code /dev/mailbox} lists what is kept.
 */
public final class CatchAllMailbox implements MessageDeliveryHandler {

    private final GreenMailUser catcher;
    private final MailFolder inbox;
    private final int keep;
    private final int trimAbove;

    private CatchAllMailbox(GreenMail greenMail, int keep) throws UserException, FolderException {
        this.catcher = greenMail.getUserManager().createUser("catcher@localhost", "catcher", "catcher");
        this.inbox = greenMail.getManagers().getImapHostManager().getInbox(catcher);
        this.keep = keep;
        this.trimAbove = keep + Math.max(1, keep / 10);   // trim in batches, not on every email
    }

    /** Makes the (started) catcher deliver everything into one mailbox of at most about {@code keep} messages. */
    public static void install(GreenMail greenMail, int keep) throws UserException, FolderException {
        greenMail.getUserManager().setMessageDeliveryHandler(new CatchAllMailbox(greenMail, keep));
    }

    @Override
    public GreenMailUser handle(MovingMessage message, MailAddress recipient) {
        if (inbox.getMessageCount() >= trimAbove) {
            trim();
        }
        return catcher;
    }

    private synchronized void trim() {
        List<StoredMessage> messages = inbox.getMessages();
        int excess = messages.size() - keep;
        if (excess <= 0) {
            return;
        }
        try {
            for (StoredMessage oldest : messages.subList(0, excess)) {
                inbox.setFlags(new Flags(Flags.Flag.DELETED), true, oldest.getUid(), null, true);
            }
            inbox.expunge();
        } catch (FolderException e) {
            throw new IllegalStateException("Could not trim the embedded SMTP catcher's mailbox", e);
        }
    }
}
