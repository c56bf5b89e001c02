package dev.clawdbot.channels.mail;

import dev.clawdbot.channels.MailConfig;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;

import java.util.Properties;

/** Opens IMAP stores for a mailbox: TLS or plain, app password or XOAUTH2, with timeouts so that a dead connection is noticed. */
public final class MailSessions {
    private MailSessions() {
    }

    public static Store connect(MailConfig.Mailbox box) throws MessagingException {
        String protocol = box.ssl() ? "imaps" : "imap";
        Properties p = new Properties();
        p.put("mail.store.protocol", protocol);
        p.put("mail." + protocol + ".connectiontimeout", "15000");
        p.put("mail." + protocol + ".timeout", "60000");
        p.put("mail." + protocol + ".writetimeout", "15000");
        if (box.oauth2Token() != null) {
            p.put("mail." + protocol + ".auth.mechanisms", "XOAUTH2");
            p.put("mail." + protocol + ".auth.login.disable", "true");
            p.put("mail." + protocol + ".auth.plain.disable", "true");
        }
        Session session = Session.getInstance(p);
        Store store = session.getStore(protocol);
        store.connect(box.host(), box.port(), box.user(), box.oauth2Token() != null ? box.oauth2Token() : box.password());
        return store;
    }

    /** An exception message safe to put in events: the account's secrets replaced. */
    static String redact(MailConfig.Mailbox box, Throwable t) {
        String m = t.getClass().getSimpleName() + ": " + t.getMessage();
        if (box.password() != null) m = m.replace(box.password(), "***");
        if (box.oauth2Token() != null) m = m.replace(box.oauth2Token(), "***");
        return m.length() > 300 ? m.substring(0, 300) : m;
    }
}
