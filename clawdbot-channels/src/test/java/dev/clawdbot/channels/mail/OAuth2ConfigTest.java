package dev.clawdbot.channels.mail;

import dev.clawdbot.channels.MailConfig;
import dev.clawdbot.mail.OAuth2Config;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The YAML shape of an XOAUTH2 mailbox ({@code mail.mailboxes[].oauth2}); the grant itself is tested in clawdbot-mail. */
class OAuth2ConfigTest {
    static final String REFRESH = "rt-0.AAAAsecret-refresh";
    static final String CLIENT_SECRET = "cs~very-secret";

    @Test
    void configNeedsEndpointClientAndRefreshTokenAndNeverPrintsSecrets() {
        assertThatThrownBy(() -> new OAuth2Config(null, "c", null, "r", null, null)).hasMessage("oauth2.tokenUrl is required");
        assertThatThrownBy(() -> new OAuth2Config("file:///etc/passwd", "c", null, "r", null, null)).hasMessageContaining("must be an http(s) URL");
        assertThatThrownBy(() -> new OAuth2Config("https://h/t", " ", null, "r", null, null)).hasMessage("oauth2.clientId is required");
        assertThatThrownBy(() -> new OAuth2Config("https://h/t", "c", null, null, null, null)).hasMessage("oauth2.refreshToken is required");
        assertThatThrownBy(() -> new OAuth2Config("https://h/t", "c", null, "r", null, Duration.ofHours(1))).hasMessageContaining("refreshMargin must be at most 30 minutes");
        OAuth2Config ok = new OAuth2Config("https://h/t", "c", CLIENT_SECRET, REFRESH, null, null);
        assertThat(ok.refreshMargin()).isEqualTo(Duration.ofMinutes(2));
        MailConfig.Mailbox box = new MailConfig.Mailbox("work", "imap.example.org", null, null, "op", null, null, null, ok);
        assertThat(box.xoauth2()).isTrue();
        assertThat(box.toString()).doesNotContain(REFRESH).doesNotContain(CLIENT_SECRET);
        assertThatThrownBy(() -> new MailConfig.Mailbox("work", "h", null, null, "op", "pw", null, null, ok)).hasMessageContaining("not both");
    }
}
