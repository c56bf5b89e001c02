package dev.clawdbot.app;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.clawdbot.core.config.ConfigException;
import dev.clawdbot.core.config.ConfigLoader;
import dev.clawdbot.mail.MailAuth;
import dev.clawdbot.mail.MailFolder;
import dev.clawdbot.mail.MailSender;
import dev.clawdbot.mail.OutgoingMail;
import dev.clawdbot.mail.OAuth2Grant;
import dev.clawdbot.mail.SmtpSettings;
import dev.clawdbot.testkit.oauth.FakeTokenEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 12 point 1a: every place that logs in to a mail server ({@code mail.smtp}, {@code broker.email} for SMTP and
 * IMAP, {@code broker.execution.smtp}, {@code operator.email}) takes an (app) password, a fixed XOAUTH2 token or an
 * XOAUTH2 refresh-token grant from YAML, with the old key names, and its errors name the key the user wrote.
 */
class MailLoginYamlTest {
    static final String GRANT = "{tokenUrl: \"https://login.example/token\", clientId: clawdbot, clientSecret: cs-1, refreshToken: rt-1}";

    /** The four places, each with the login keys {@code LOGIN} stands for. */
    static final String YAML = """
            mail:
              smtp: {host: smtp.example, username: me@example.com, LOGIN, from: me@example.com}
            broker:
              spoolDir: /tmp/clawdbot-mail-login-yaml-test
              linkSecret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
              email:
                smtpHost: smtp.example
                imapHost: imap.example
                username: ops@example.com
                LOGIN
                from: ops@example.com
                operators: [boss@example.com]
              execution:
                smtp: {host: smtp.example, user: ops@example.com, LOGIN, from: ops@example.com}
            operator:
              email: {to: [boss@example.com], from: ops@example.com, smtpHost: smtp.example, username: ops@example.com, LOGIN}
            """;

    /** The YAML with {@code entries} ("key: value") as the login of every place, flow or block style as the place is written. */
    static AppConfig parse(String... entries) {
        String yaml = YAML.replace("    LOGIN\n", "    " + String.join("\n    ", entries) + "\n").replace("LOGIN", String.join(", ", entries));
        return ConfigLoader.parse(yaml, "clawdbot.yaml", AppConfig.class, Map.of());
    }

    static List<MailAuth> logins(AppConfig c) {
        List<Function<AppConfig, MailAuth>> places = List.of(
                a -> a.mail().smtp().settings(SmtpSettings.Security.STARTTLS_IF_OFFERED).auth(),
                a -> a.broker().email().smtpSettings().auth(),
                a -> a.broker().email().imapSettings().auth(),
                a -> a.broker().execution().smtp().settings(SmtpSettings.Security.STARTTLS).auth(),
                a -> a.operator().email().smtpSettings().auth());
        return places.stream().map(f -> f.apply(c)).toList();
    }

    @Test
    void anAppPasswordIsAPasswordLoginEverywhere() {
        assertThat(logins(parse("password: abcd efgh ijkl mnop"))).allSatisfy(a -> {
            assertThat(a).isInstanceOf(MailAuth.Password.class);
            assertThat(((MailAuth.Password) a).password()).isEqualTo("abcd efgh ijkl mnop");
            assertThat(a.user()).endsWith("@example.com");
        });
    }

    @Test
    void aFixedTokenIsXoauth2Everywhere() {
        assertThat(logins(parse("password: pw", "oauth2Token: at-static"))).allSatisfy(a -> {
            assertThat(a).isInstanceOf(MailAuth.AccessToken.class);
            assertThat(((MailAuth.AccessToken) a).token()).isEqualTo("at-static");
        });
    }

    @Test
    void aRefreshTokenGrantIsXoauth2EverywhereAndNeverPrinted() {
        AppConfig c = parse("oauth2: " + GRANT);
        assertThat(logins(c)).allSatisfy(a -> {
            assertThat(a).isInstanceOf(MailAuth.OAuth2.class);
            OAuth2Grant g = ((MailAuth.OAuth2) a).grant();
            assertThat(g.tokenUrl()).isEqualTo("https://login.example/token");
            assertThat(g.clientSecret()).isEqualTo("cs-1");
            assertThat(g.refreshToken()).isEqualTo("rt-1");
        });
        assertThat(c.mail().smtp() + " " + c.broker().email() + " " + c.broker().execution().smtp() + " " + c.operator().email())
                .doesNotContain("cs-1").doesNotContain("rt-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail.smtp", "broker.email", "broker.execution.smtp", "operator.email"})
    void aMissingGrantKeyNamesThePathWritten(String place) {
        String yaml = YAML.replace("    LOGIN\n", "    password: pw\n").replace("LOGIN", "password: pw");
        String indent = switch (place) {
            case "mail.smtp" -> "mail:\n  smtp: {";
            case "broker.email" -> "    username: ops@example.com\n";
            case "broker.execution.smtp" -> "    smtp: {";
            default -> "  email: {";
        };
        String grant = "oauth2: {tokenUrl: \"https://login.example/token\", refreshToken: rt-1}";
        yaml = place.equals("broker.email") ? yaml.replace(indent, indent + "    " + grant + "\n") : yaml.replace(indent, indent + grant + ", ");
        String y = yaml;
        assertThatThrownBy(() -> ConfigLoader.parse(y, "clawdbot.yaml", AppConfig.class, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage())
                        .contains(place + ".oauth2: invalid value: " + place + ".oauth2.clientId is required"));
    }

    @Test
    void aMisspelledKeyNamesThePathWritten() {
        String yaml = YAML.replace("    LOGIN\n", "    password: pw\n").replace("LOGIN", "password: pw")
                .replace("smtp: {host: smtp.example, user: ops@example.com,", "smtp: {host: smtp.example, usr: ops@example.com,");
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "clawdbot.yaml", AppConfig.class, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage())
                        .startsWith("clawdbot.yaml:14:").contains("broker.execution.smtp.usr: unknown key; did you mean 'user'?"));
    }

    @Test
    void aMailboxGrantErrorNamesTheListEntry() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                mail:
                  notifyChatId: 1
                  mailboxes:
                    - {name: work, host: imap.example, user: me, oauth2: {tokenUrl: "https://login.example/token", refreshToken: r}}
                """, "clawdbot.yaml", AppConfig.class, Map.of())).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.getMessage()).contains("mail.mailboxes[0].oauth2.clientId is required").doesNotContain("[]"));
    }

    /** {@code broker.email}'s one XOAUTH2 login, written in YAML, sends through GreenMail's SMTP and reads its IMAP. */
    @Test
    void brokerEmailXoauth2FromYamlSendsAndReadsThroughGreenMail() throws Exception {
        GreenMail mail = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[]{ServerSetupTest.SMTP, ServerSetupTest.IMAP}));
        try (FakeTokenEndpoint endpoint = new FakeTokenEndpoint("rt-broker")) {
            mail.start();
            mail.setUser("ops@example.com", "ops@example.com", endpoint.next());
            AppConfig c = ConfigLoader.parse("""
                    broker:
                      spoolDir: /tmp/clawdbot-mail-login-yaml-test
                      linkSecret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
                      email:
                        smtpHost: 127.0.0.1
                        smtpPort: %d
                        smtpTls: false
                        imapHost: 127.0.0.1
                        imapPort: %d
                        imapSsl: false
                        username: ops@example.com
                        oauth2: {tokenUrl: "%s", clientId: clawdbot, refreshToken: rt-broker}
                        from: ops@example.com
                        operators: [boss@example.com]
                    """.formatted(mail.getSmtp().getPort(), mail.getImap().getPort(), endpoint.url()), "clawdbot.yaml", AppConfig.class, Map.of());
            new MailSender(c.broker().email().smtpSettings(), Clock.systemUTC())
                    .send(OutgoingMail.of("ops@example.com", List.of("ops@example.com"), "approval 1", "b"));
            try (MailFolder inbox = MailFolder.open(c.broker().email().imapSettings(), "INBOX", false, Clock.systemUTC()).orElseThrow()) {
                assertThat(inbox.latest(5)).extracting(m -> m.subject()).containsExactly("approval 1");
            }
            assertThat(endpoint.requests).hasSize(1);
        } finally {
            mail.stop();
        }
    }

    /** The canonical nested shape: {@code broker.email.smtp}/{@code imap} and {@code operator.email.smtp}, each with its own login or the section's. */
    @Test
    void theNestedServersTakeTheSharedShapeWithTheirOwnLoginOrTheSections() {
        AppConfig c = ConfigLoader.parse("""
                broker:
                  spoolDir: /tmp/clawdbot-mail-login-yaml-test
                  linkSecret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
                  email:
                    smtp: {host: smtp.example, ssl: true, user: bot@example.com, oauth2: %s}
                    imap: {host: imap.example}
                    username: ops@example.com
                    password: app-pw
                    from: ops@example.com
                    operators: [boss@example.com]
                operator:
                  email: {to: [boss@example.com], from: ops@example.com, smtp: {host: smtp.example, port: 2525, username: n@example.com, oauth2Token: at-1}}
                """.formatted(GRANT), "clawdbot.yaml", AppConfig.class, Map.of());
        SmtpSettings smtp = c.broker().email().smtpSettings();
        assertThat(smtp.security()).isEqualTo(SmtpSettings.Security.SSL);
        assertThat(smtp.port()).isEqualTo(465);
        assertThat(smtp.auth()).isInstanceOf(MailAuth.OAuth2.class).extracting(MailAuth::user).isEqualTo("bot@example.com");
        assertThat(c.broker().email().imapSettings().auth()).isEqualTo(new MailAuth.Password("ops@example.com", "app-pw"));
        assertThat(c.broker().email().imapSettings().port()).isEqualTo(993);
        assertThat(c.broker().email().smtpHost()).isEqualTo("smtp.example");
        assertThat(c.operator().email().smtpSettings().auth()).isEqualTo(new MailAuth.AccessToken("n@example.com", "at-1"));
        assertThat(c.operator().email().smtpPort()).isEqualTo(2525);
        assertThat(c.broker().email().toString()).doesNotContain("app-pw").doesNotContain("rt-1").doesNotContain("cs-1");
    }

    @Test
    void nestedAndFlatServerKeysTogetherAreRefusedAndNestedErrorsNameTheirPath() {
        String base = """
                broker:
                  spoolDir: /tmp/clawdbot-mail-login-yaml-test
                  linkSecret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
                  email:
                    smtpHost: smtp.example
                    SERVERS
                    username: ops@example.com
                    from: ops@example.com
                    operators: [boss@example.com]
                """;
        assertThatThrownBy(() -> ConfigLoader.parse(base.replace("SERVERS", "smtp: {host: other.example}\n    imapHost: imap.example"),
                "clawdbot.yaml", AppConfig.class, Map.of())).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.getMessage()).contains("broker.email: write the SMTP server as smtp (host, port, ...) or as smtpHost/smtpPort/smtpTls, not both"));
        assertThatThrownBy(() -> ConfigLoader.parse(base.replace("SERVERS", "imap: {host: imap.example, user: x, oauth2: {tokenUrl: \"https://l.example/t\", refreshToken: r}}"),
                "clawdbot.yaml", AppConfig.class, Map.of())).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.getMessage()).contains("broker.email.imap.oauth2.clientId is required"));
    }

    /** The shared SMTP shape leaves {@code from} optional; the two places that send as it require it by their path. */
    @Test
    void fromIsRequiredWhereTheServerSendsAsIt() {
        String yaml = YAML.replace("    LOGIN\n", "    password: pw\n").replace("LOGIN", "password: pw");
        for (String place : List.of("mail.smtp", "broker.execution.smtp")) {
            String without = place.equals("mail.smtp") ? yaml.replace(", from: me@example.com}", "}")
                    : yaml.replace("user: ops@example.com, password: pw, from: ops@example.com}", "user: ops@example.com, password: pw}");
            assertThat(without).isNotEqualTo(yaml);
            assertThatThrownBy(() -> ConfigLoader.parse(without, "clawdbot.yaml", AppConfig.class, Map.of()))
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage()).contains(place + ".from must be an e-mail address, was null"));
        }
        String bad = yaml.replace("from: me@example.com}", "from: not-an-address}");
        assertThatThrownBy(() -> ConfigLoader.parse(bad, "clawdbot.yaml", AppConfig.class, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage()).contains("mail.smtp.from must be an e-mail address, was not-an-address"));
    }
}
