package dev.clawdbot.mail;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.clawdbot.testkit.oauth.FakeTokenEndpoint;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * XOAUTH2 against GreenMail, which implements IMAP {@code AUTHENTICATE XOAUTH2} (RFC 7628 style
 * {@code user=...^Aauth=Bearer ...^A^A}) and accepts the user's password as the bearer token: changing the
 * password revokes the access token the client holds.
 */
class XOAuth2ImapTest {
    static final String REFRESH = "rt-imap-refresh-secret";
    static final String CLIENT_SECRET = "cs-imap-client-secret";

    GreenMail greenMail;
    GreenMailUser user;
    FakeTokenEndpoint endpoint = new FakeTokenEndpoint(REFRESH);
    ImapSettings box;

    @BeforeEach
    void setUp() {
        greenMail = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[]{ServerSetupTest.IMAP}));
        greenMail.start();
        user = greenMail.setUser("op@example.org", "op", endpoint.next());
        box = new ImapSettings("127.0.0.1", greenMail.getImap().getPort(), false,
                new MailAuth.OAuth2("op", new OAuth2Grant(endpoint.url(), "client-imap", CLIENT_SECRET, REFRESH, null, null)));
    }

    @AfterEach
    void tearDown() {
        greenMail.stop();
        endpoint.close();
    }

    @Test
    void logsInWithACachedTokenAndRefreshesOnceWhenTheServerRefusesIt() throws Exception {
        try (Store s = MailSessions.connect(box, Clock.systemUTC())) {
            assertThat(s.isConnected()).isTrue();
        }
        try (Store s = MailSessions.connect(box, Clock.systemUTC())) {
            assertThat(s.isConnected()).isTrue();
        }
        assertThat(endpoint.requests).hasSize(1);

        // The account's token is revoked before it expires: the login fails once, a fresh token gets in.
        user.setPassword(endpoint.next());
        try (Store s = MailSessions.connect(box, Clock.systemUTC())) {
            assertThat(s.isConnected()).isTrue();
        }
        assertThat(endpoint.requests).hasSize(2);

        // A server that refuses every token: exactly one refresh per connection attempt, then the failure.
        user.setPassword("never-issued");
        assertThatThrownBy(() -> MailSessions.connect(box, Clock.systemUTC())).isInstanceOf(AuthenticationFailedException.class);
        assertThat(endpoint.requests).hasSize(3);
    }

    @Test
    void theLoginIsAnAuthenticateXOAuth2WithTheBearerTokenNotAPasswordLogin() throws Exception {
        try (RecordingProxy proxy = new RecordingProxy(box.port())) {
            ImapSettings viaProxy = new ImapSettings("127.0.0.1", proxy.port(), false, box.auth());
            try (Store s = MailSessions.connect(viaProxy, Clock.systemUTC())) {
                assertThat(s.isConnected()).isTrue();
            }
            String wire = proxy.clientText();
            assertThat(wire).contains("AUTHENTICATE XOAUTH2").doesNotContainPattern("(?m)^\\S+ LOGIN ");
            String initial = wire.substring(wire.indexOf("AUTHENTICATE XOAUTH2") + "AUTHENTICATE XOAUTH2".length()).trim().split("\\s+")[0];
            assertThat(new String(Base64.getDecoder().decode(initial), StandardCharsets.UTF_8))
                    .isEqualTo("user=op\u0001auth=Bearer at-1\u0001\u0001");
        }
    }
}
