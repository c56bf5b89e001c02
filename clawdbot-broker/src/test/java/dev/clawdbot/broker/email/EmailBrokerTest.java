package dev.clawdbot.broker.email;

import dev.clawdbot.broker.BrokerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/**
 * A broker whose operator channel is e-mail over GreenMail, and (unless a test turns it off) the IMAP poller that
 * reads the operator's replies. Closed poller first, then broker, then mail servers.
 */
abstract class EmailBrokerTest {
    @TempDir
    Path dir;
    MailFixture mail;
    BrokerFixture f;
    ImapReplyPoller poller;

    /** Relays whose Received headers the broker trusts. */
    List<String> trustedRelays() {
        return List.of();
    }

    boolean pollsReplies() {
        return true;
    }

    @BeforeEach
    void openMailAndBroker() {
        mail = new MailFixture();
        f = new BrokerFixture(dir);
        f.channel = mail.emailChannel(f, trustedRelays());
        f.open();
        if (pollsReplies()) poller = new ImapReplyPoller(mail.config(trustedRelays()), f.broker, f.events, f.clock);
    }

    @AfterEach
    void closeBrokerAndMail() throws Exception {
        if (poller != null) poller.close();
        f.close();
        mail.close();
    }
}
