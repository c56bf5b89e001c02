package dev.clawdbot.channels.mail;

import dev.clawdbot.testkit.RecordingEvents;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.clawdbot.channels.Harness;
import dev.clawdbot.channels.MailConfig;
import dev.clawdbot.mail.OAuth2Config;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.testkit.oauth.FakeTokenEndpoint;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * XOAUTH2 against GreenMail, which implements IMAP {@code AUTHENTICATE XOAUTH2} (RFC 7628 style
 * {@code user=...^Aauth=Bearer ...^A^A}) and accepts the user's password as the bearer token: changing the
 * password revokes the access token the client holds.
 */
class XOAuth2ImapTest {
    static final String REFRESH = "rt-imap-refresh-secret";
    static final String CLIENT_SECRET = "cs-imap-client-secret";

    @TempDir
    Path dir;
    GreenMail greenMail;
    GreenMailUser user;
    FakeTokenEndpoint endpoint = new FakeTokenEndpoint(REFRESH);
    MailConfig.Mailbox box;

    @BeforeEach
    void setUp() {
        greenMail = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[]{ServerSetupTest.IMAP}));
        greenMail.start();
        user = greenMail.setUser("op@example.org", "op", endpoint.next());
        box = new MailConfig.Mailbox("work", "127.0.0.1", greenMail.getImap().getPort(), false, "op", null, null, null,
                new OAuth2Config(endpoint.url(), "client-imap", CLIENT_SECRET, REFRESH, null, null));
    }

    @AfterEach
    void tearDown() {
        greenMail.stop();
        endpoint.close();
    }

    @Test
    void theWatcherPushesMailOverXOAuth2AndItsEventsHoldNoSecret() throws Exception {
        Database db = Database.sqlite(dir.resolve("db.sqlite"));
        RecordingEvents events = new RecordingEvents();
        List<String> notices = new CopyOnWriteArrayList<>();
        MailConfig cfg = new MailConfig(List.of(box), null, null, null, null, null, 2, Duration.ofMillis(300),
                Duration.ofMillis(200), Duration.ofMillis(200), null, null, 4242L);
        try (MailWatcher watcher = new MailWatcher(cfg, db, new Harness.KeywordGuard(), notices::add, events, Clock.systemUTC())) {
            watcher.start();
            await().atMost(Duration.ofSeconds(15)).until(() -> !events.ofType("mail.watch.connected").isEmpty());
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
            m.setFrom(new InternetAddress("alice@example.com"));
            m.setSubject("Over OAuth");
            m.setText("hello");
            m.setHeader("Message-ID", "<oauth-1@example.com>");
            user.deliver(m);
            await().atMost(Duration.ofSeconds(15)).until(() -> notices.size() == 1);
            assertThat(notices.get(0)).contains("Over OAuth");

            // A revoked refresh token: the watcher keeps retrying with backoff and says why, without a secret.
            endpoint.refreshToken = "rt-issued-to-someone-else";
            user.setPassword("revoked");
            greenMail.stop();
            greenMail = new GreenMail(new ServerSetup[]{ServerSetupTest.IMAP.port(box.port())});
            greenMail.start();
            greenMail.setUser("op@example.org", "op", "revoked");
            await().atMost(Duration.ofSeconds(15)).until(() -> events.ofType("mail.watch.reconnect").stream()
                    .anyMatch(e -> e.fields().get("error").toString().contains("invalid_grant")));
        } finally {
            db.close();
        }
        assertThat(events.events.toString()).doesNotContain(REFRESH).doesNotContain(CLIENT_SECRET).doesNotContain("at-1");
    }
}
