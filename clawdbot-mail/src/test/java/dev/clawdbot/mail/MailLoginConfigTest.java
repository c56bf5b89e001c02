package dev.clawdbot.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.clawdbot.core.config.ConfigException;
import dev.clawdbot.core.config.ConfigLoader;
import dev.clawdbot.testkit.oauth.FakeTokenEndpoint;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared YAML shapes of a mail login ({@link SmtpConfig}, {@link OAuth2Config}) bound by the config loader. */
class MailLoginConfigTest {
    static final String REFRESH = "rt-yaml-refresh-secret";
    static final String CLIENT_SECRET = "cs-yaml-client-secret";

    /** Stands for any section that holds an SMTP server, one level down as {@code mail.smtp} is. */
    record Section(SmtpConfig smtp) {
    }

    record Doc(Section outer, MailNoticeConfig notice) {
    }

    final GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    final FakeTokenEndpoint endpoint = new FakeTokenEndpoint(REFRESH);
    final Clock clock = Clock.fixed(Instant.parse("2026-12-08T00:30:00Z"), ZoneOffset.UTC);

    {
        mail.start();
        mail.setUser("bot@example.org", "bot", endpoint.next());
    }

    @AfterEach
    void stop() {
        mail.stop();
        endpoint.close();
    }

    static Doc parse(String yaml) {
        return ConfigLoader.parse(yaml, "clawdbot.yaml", Doc.class, Map.of());
    }

    @Test
    void smtpXoauth2WrittenInYamlLogsInToGreenMailWithARefreshedToken() throws Exception {
        Doc doc = parse("""
                outer:
                  smtp:
                    host: 127.0.0.1
                    port: %d
                    startTls: false
                    user: bot
                    from: bot@example.org
                    oauth2:
                      tokenUrl: %s
                      clientId: clawdbot
                      clientSecret: %s
                      refreshToken: %s
                """.formatted(mail.getSmtp().getPort(), endpoint.url(), CLIENT_SECRET, REFRESH));
        SmtpConfig smtp = doc.outer().smtp();
        assertThat(smtp.auth()).isInstanceOf(MailAuth.OAuth2.class);
        assertThat(smtp.toString()).doesNotContain(REFRESH).doesNotContain(CLIENT_SECRET);
        new MailSender(smtp.settings(SmtpSettings.Security.STARTTLS_IF_OFFERED), clock)
                .send(OutgoingMail.of(smtp.from(), List.of("alice@example.org"), "via xoauth2", "b"));

        assertThat(mail.getReceivedMessages()).extracting(MimeMessage::getSubject).containsExactly("via xoauth2");
        assertThat(endpoint.requests).hasSize(1);
        assertThat(endpoint.requests.getFirst()).containsEntry("refresh_token", REFRESH).containsEntry("client_id", "clawdbot");
    }

    @Test
    void theNoticeConfigSendsWithAStaticTokenAndTheUsernameAliasWorksForSmtp() throws Exception {
        String token = endpoint.next();
        mail.setUser("ops@example.org", "ops", token);
        Doc doc = parse("""
                outer:
                  smtp: {host: 127.0.0.1, port: %d, startTls: false, username: ops, oauth2Token: %s, from: ops@example.org}
                notice:
                  to: [boss@example.org]
                  from: ops@example.org
                  smtpHost: 127.0.0.1
                  smtpPort: %d
                  smtpTls: false
                  username: ops
                  oauth2Token: %s
                """.formatted(mail.getSmtp().getPort(), token, mail.getSmtp().getPort(), token));
        assertThat(doc.outer().smtp().auth()).isEqualTo(new MailAuth.AccessToken("ops", token));
        assertThat(doc.notice().smtpSettings().auth()).isEqualTo(new MailAuth.AccessToken("ops", token));
        assertThat(doc.notice().toString()).doesNotContain(token);
        new MailSender(doc.notice().smtpSettings(), clock).send(OutgoingMail.of("ops@example.org", List.of("boss@example.org"), "notice", "b"));
        assertThat(mail.getReceivedMessages()).extracting(MimeMessage::getSubject).containsExactly("notice");
    }

    @Test
    void anAppPasswordIsAPasswordLoginAndNoUserIsNoLogin() {
        Doc doc = parse("""
                outer:
                  smtp: {host: smtp.example.org, ssl: true, user: me@example.org, password: abcd efgh ijkl mnop}
                """);
        SmtpSettings s = doc.outer().smtp().settings(SmtpSettings.Security.STARTTLS);
        assertThat(s.security()).isEqualTo(SmtpSettings.Security.SSL);
        assertThat(s.port()).isEqualTo(465);
        assertThat(s.auth()).isEqualTo(new MailAuth.Password("me@example.org", "abcd efgh ijkl mnop"));
        assertThat(parse("outer: {smtp: {host: relay.lan}}").outer().smtp().auth()).isEqualTo(new MailAuth.None());
    }

    @Test
    void errorsNameThePathTheUserWrote() {
        assertThatThrownBy(() -> parse("""
                outer:
                  smtp:
                    host: smtp.example.org
                    user: bot
                    oauth2: {tokenUrl: "https://login.example/token", clientId: clawdbot}
                """)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.getMessage()).contains("clawdbot.yaml:5:").contains("outer.smtp.oauth2.refreshToken is required")
                    .doesNotContain("mail.mailboxes");
        });
        assertThatThrownBy(() -> parse("""
                outer:
                  smtp:
                    host: smtp.example.org
                    user: bot
                    oauth2: {tokenUrl: "https://login.example/token", clientId: clawdbot, refreshToken: r, clientSecrt: x}
                """)).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.getMessage()).contains("clawdbot.yaml:5:").contains("outer.smtp.oauth2.clientSecrt: unknown key; did you mean 'clientSecret'?"));
        assertThatThrownBy(() -> parse("outer: {smtp: {host: h, port: 0}}")).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.getMessage()).contains("outer.smtp.port must be 1..65535, was 0"));
        assertThatThrownBy(() -> parse("outer: {smtp: {host: h, oauth2Token: t}}")).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.getMessage()).contains("outer.smtp.user is required with oauth2 or oauth2Token"));
        assertThatThrownBy(() -> parse("""
                notice:
                  to: [boss@example.org]
                  from: ops@example.org
                  smtpHost: smtp.example.org
                  username: ops
                  oauth2: {tokenUrl: "ftp://login.example/token", clientId: c, refreshToken: r}
                """)).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.getMessage()).contains("notice.oauth2.tokenUrl must be an http(s) URL"));
    }
}
