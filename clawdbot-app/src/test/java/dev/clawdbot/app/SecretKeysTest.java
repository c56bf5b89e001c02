package dev.clawdbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import dev.clawdbot.app.logging.RedactingMessageConverter;
import dev.clawdbot.app.logging.RedactingThrowableConverter;
import dev.clawdbot.core.config.ConfigException;
import dev.clawdbot.core.config.Secret;
import dev.clawdbot.core.config.SecretKeys;
import dev.clawdbot.core.config.SecretRedactor;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventLog;
import dev.clawdbot.core.storage.Database;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11 item 14: every {@link Secret} key of the configuration, found by reflection over the config records, is
 * bound from its {@code _file} form, registered with the redactor, and masked in logs, exceptions, events, doctor
 * output and {@code /metrics}.
 */
class SecretKeysTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path dir;
    /** Secret key path → the value its file holds. */
    private static final Map<String, String> SECRETS = new LinkedHashMap<>();
    private static AppConfig config;
    private static Path configFile;

    /** Every secret of the whole configuration, each given through its {@code _file} form (header values: ${VAR}). */
    private static final String YAML = """
            gateway:
              tokenFile: {gateway.token}
            database:
              url: jdbc:sqlite:{dir}/other.db
              passwordFile: {database.password}
            models:
              providers:
                corp:
                  type: openai
                  baseUrl: http://127.0.0.1:9/v1
                  apiKeyFile: {models.providers.*.apiKey}
                  headers:
                    X-Api-Key: ${HEADER_SECRET}
            telegram:
              botTokenFile: {telegram.botToken}
              mode: webhook
              webhookUrl: https://bot.example/hooks/telegram
              webhookSecretFile: {telegram.webhookSecret}
            adminBot:
              botTokenFile: {adminBot.botToken}
              mode: webhook
              webhookUrl: https://bot.example/hooks/admin
              webhookSecretFile: {adminBot.webhookSecret}
            voice:
              transcriptionApiKeyFile: {voice.transcriptionApiKey}
              ttsEngine: openai
              ttsApiKeyFile: {voice.ttsApiKey}
            mail:
              notifyChatId: 42
              mailboxes:
                - name: pw
                  host: imap.example
                  user: me@example.com
                  passwordFile: {mail.mailboxes[].password}
                  oauth2TokenFile: {mail.mailboxes[].oauth2Token}
                - name: oa
                  host: imap.example
                  user: me@example.com
                  oauth2:
                    tokenUrl: https://login.example/token
                    clientId: clawdbot
                    clientSecretFile: {mail.mailboxes[].oauth2.clientSecret}
                    refreshTokenFile: {mail.mailboxes[].oauth2.refreshToken}
              smtp:
                host: smtp.example
                user: me@example.com
                {mailAuth mail.smtp}
                from: me@example.com
            broker:
              spoolDir: {dir}/spool
              linkSecretFile: {broker.linkSecret}
              email:
                smtp:
                  host: smtp.example
                  user: ops@example.com
                  {mailAuth broker.email.smtp}
                imap:
                  host: imap.example
                  user: ops@example.com
                  {mailAuth broker.email.imap}
                username: ops@example.com
                {mailAuth broker.email}
                from: ops@example.com
                operators: [boss@example.com]
              bridge:
                secretsFile: {broker.bridge.secrets}
              hosts:
                web1:
                  address: 10.0.0.5
                  user: deploy
                  privateKeyFile: {broker.hosts.*.privateKey}
                  privateKeyPassphraseFile: {broker.hosts.*.privateKeyPassphrase}
                  hostKeyFingerprint: SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
              execution:
                smtp:
                  host: smtp.example
                  user: ops@example.com
                  {mailAuth broker.execution.smtp}
                  from: ops@example.com
            hosts:
              gpu1:
                address: 10.0.0.7
                user: ops
                privateKeyFile: {hosts.*.privateKey}
                privateKeyPassphraseFile: {hosts.*.privateKeyPassphrase}
                hostKeys: [SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA]
            operator:
              email:
                to: [boss@example.com]
                from: clawdbot@example.com
                smtp:
                  host: smtp.example
                  user: ops@example.com
                  {mailAuth operator.email.smtp}
                username: clawdbot@example.com
                {mailAuth operator.email}
            monitors:
              monitors:
                - { name: nightly, type: PUSH, pushTokenFile: "{monitors.monitors[].pushToken}" }
                - { name: pg, type: POSTGRES, host: db.example, passwordFile: "{monitors.monitors[].password}" }
                - { name: mtls, type: HTTP, url: "https://mtls.example/", clientCertificatePasswordFile: "{monitors.monitors[].clientCertificatePassword}" }
              webhooks:
                - { name: bus, url: "https://bus.example/hook", secretFile: "{monitors.webhooks[].secret}" }
            """;

    @BeforeAll
    static void load() throws Exception {
        String yaml = expandMailAuth(YAML).replace("{dir}", dir.toString());
        for (SecretKeys.Key key : SecretKeys.keys(AppConfig.class)) {
            String value = valueFor(key.path());
            SECRETS.put(key.path(), value);
            Path file = dir.resolve("secret-" + SECRETS.size());
            Files.writeString(file, value + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            yaml = yaml.replace("{" + key.path() + "}", file.toString());
        }
        assertThat(yaml).as("every secret key has a place in the test's YAML").doesNotContainPattern("\\{[a-zA-Z.*\\[\\]]+\\}");
        configFile = Files.writeString(dir.resolve("clawdbot.yaml"), yaml);
        Map<String, String> env = new HashMap<>(Map.of("CLAWDBOT_DATA", dir.resolve("data").toString(),
                "HEADER_SECRET", SECRETS.get("models.providers.*.headers")));
        config = Settings.resolve(configFile, null, env).config();
    }

    /**
     * A line {@code {mailAuth P}} stands for the seven lines of {@link dev.clawdbot.mail.MailAuth}'s secrets under
     * key path P (password, XOAUTH2 token file, OAuth2 client), indented like the line: the configuration has seven
     * such places (mail, broker e-mail and execution, operator e-mail).
     */
    private static String expandMailAuth(String yaml) {
        StringBuilder out = new StringBuilder();
        for (String line : yaml.split("\n", -1)) {
            String body = line.strip();
            if (!body.startsWith("{mailAuth ")) {
                out.append(line).append('\n');
                continue;
            }
            String indent = line.substring(0, line.indexOf('{'));
            String p = body.substring("{mailAuth ".length(), body.length() - 1);
            for (String auth : List.of("passwordFile: {" + p + ".password}", "oauth2TokenFile: {" + p + ".oauth2Token}", "oauth2:",
                    "  tokenUrl: https://login.example/token", "  clientId: clawdbot", "  clientSecretFile: {" + p + ".oauth2.clientSecret}",
                    "  refreshTokenFile: {" + p + ".oauth2.refreshToken}")) {
                out.append(indent).append(auth).append('\n');
            }
        }
        return out.substring(0, out.length() - 1);
    }

    private static String valueFor(String path) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String b64 = Base64.getEncoder().encodeToString(raw);
        if (path.equals("broker.linkSecret") || path.equals("broker.bridge.secrets") || path.equals("monitors.webhooks[].secret")) {
            return "whsec_" + b64;
        }
        if (path.endsWith("privateKey")) return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + b64 + "\n-----END OPENSSH PRIVATE KEY-----";
        return "s3cr3t-" + b64.replaceAll("[^A-Za-z0-9]", "x");
    }

    static Stream<String> secretKeys() {
        return SecretKeys.keys(AppConfig.class).stream().map(SecretKeys.Key::path);
    }

    @Test
    void theEnumerationFindsEverySecretOfTheConfiguration() {
        assertThat(SECRETS.keySet()).containsExactlyInAnyOrder(
                "gateway.token", "database.password", "models.providers.*.apiKey", "models.providers.*.headers",
                "telegram.botToken", "telegram.webhookSecret", "adminBot.botToken", "adminBot.webhookSecret",
                "voice.transcriptionApiKey", "voice.ttsApiKey",
                "mail.mailboxes[].password", "mail.mailboxes[].oauth2Token", "mail.mailboxes[].oauth2.clientSecret",
                "mail.mailboxes[].oauth2.refreshToken", "mail.smtp.password",
                "mail.smtp.oauth2Token", "mail.smtp.oauth2.clientSecret", "mail.smtp.oauth2.refreshToken",
                "broker.linkSecret", "broker.email.password", "broker.bridge.secrets", "broker.hosts.*.privateKey",
                "broker.email.oauth2Token", "broker.email.oauth2.clientSecret", "broker.email.oauth2.refreshToken",
                "broker.hosts.*.privateKeyPassphrase", "broker.execution.smtp.password", "operator.email.password",
                "broker.execution.smtp.oauth2Token", "broker.execution.smtp.oauth2.clientSecret", "broker.execution.smtp.oauth2.refreshToken",
                "operator.email.oauth2Token", "operator.email.oauth2.clientSecret", "operator.email.oauth2.refreshToken",
                "broker.email.smtp.password", "broker.email.smtp.oauth2Token", "broker.email.smtp.oauth2.clientSecret",
                "broker.email.smtp.oauth2.refreshToken", "broker.email.imap.password", "broker.email.imap.oauth2Token",
                "broker.email.imap.oauth2.clientSecret", "broker.email.imap.oauth2.refreshToken", "operator.email.smtp.password",
                "operator.email.smtp.oauth2Token", "operator.email.smtp.oauth2.clientSecret", "operator.email.smtp.oauth2.refreshToken",
                "monitors.monitors[].pushToken", "monitors.monitors[].password", "monitors.webhooks[].secret",
                "monitors.monitors[].clientCertificatePassword", "hosts.*.privateKey", "hosts.*.privateKeyPassphrase");
    }

    /** A string component named like a secret but not marked {@link Secret} would escape redaction. */
    @Test
    void everyComponentNamedLikeASecretIsMarkedSecret() {
        Pattern secretish = Pattern.compile("(?i).*(password|passphrase|secret|apikey|token|privatekey).*");
        List<String> unmarked = new ArrayList<>();
        walk(AppConfig.class, "", unmarked, secretish, new ArrayList<>());
        assertThat(unmarked).isEmpty();
    }

    private static void walk(Class<?> type, String path, List<String> out, Pattern secretish, List<Class<?>> seen) {
        if (!type.isRecord() || seen.contains(type)) return;
        seen.add(type);
        for (RecordComponent c : type.getRecordComponents()) {
            String p = path + c.getName();
            if (c.getType() == String.class && secretish.matcher(c.getName()).matches() && !c.isAnnotationPresent(Secret.class)
                    && !c.getName().equals("tokenUrl")) {
                out.add(p);
            }
            if (c.getGenericType() instanceof java.lang.reflect.ParameterizedType pt) {
                for (var arg : pt.getActualTypeArguments()) if (arg instanceof Class<?> k) walk(k, p + ".", out, secretish, seen);
            }
            walk(c.getType(), p + ".", out, secretish, seen);
        }
    }

    @ParameterizedTest
    @MethodSource("secretKeys")
    void eachSecretIsBoundFromItsFileFormAndRegistered(String path) {
        String secret = SECRETS.get(path);
        assertThat(SecretKeys.values(config)).as(path).anyMatch(v -> v.strip().equals(secret));
        assertThat(SecretRedactor.global().isRegistered(secret)).as(path).isTrue();
    }

    @ParameterizedTest
    @MethodSource("secretKeys")
    void eachSecretIsMaskedInLogsAndExceptions(String path) {
        String secret = SECRETS.get(path).lines().skip(1).findFirst().orElse(SECRETS.get(path));
        LoggerContext ctx = new LoggerContext();
        LoggingEvent event = new LoggingEvent("x", ctx.getLogger("t"), Level.WARN, "connecting with {}", null, new Object[]{secret});
        event.setThrowableProxy(new ThrowableProxy(new IllegalStateException("refused: " + secret)));
        RedactingMessageConverter message = new RedactingMessageConverter();
        RedactingThrowableConverter thrown = new RedactingThrowableConverter();
        thrown.setContext(ctx);
        thrown.start();
        assertThat(message.convert(event)).as(path).doesNotContain(secret).contains(SecretRedactor.MASK);
        assertThat(thrown.convert(event)).as(path).doesNotContain(secret).contains(SecretRedactor.MASK);
    }

    @Test
    void everySecretIsMaskedInEvents() throws Exception {
        Path jsonl = dir.resolve("events").resolve("events.jsonl");
        try (Database db = Database.sqlite(dir.resolve("events.db"));
             EventLog log = new EventLog(db, jsonl, Clock.systemUTC(), SecretRedactor.global(), 1 << 20)) {
            for (Map.Entry<String, String> e : SECRETS.entrySet()) {
                log.emit(new Event(Clock.systemUTC().instant(), "test.secret", 3, "test", Event.pairs("key", e.getKey(), "detail", "x " + e.getValue())));
            }
        }
        String written = Files.readString(jsonl);
        assertThat(written).contains("test.secret");
        for (Map.Entry<String, String> e : SECRETS.entrySet()) {
            assertThat(written).as(e.getKey()).doesNotContain(e.getValue().lines().skip(1).findFirst().orElse(e.getValue()));
        }
    }

    @Test
    void configErrorsNeverQuoteASecret() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), Files.readString(configFile).replace("webhookUrl: https://bot.example/hooks/telegram",
                "webhookUrl: ftp://bot.example/" + SECRETS.get("telegram.botToken")));
        try {
            Settings.resolve(bad, null, Map.of("CLAWDBOT_DATA", dir.resolve("data").toString(),
                    "HEADER_SECRET", SECRETS.get("models.providers.*.headers")));
            throw new AssertionError("the bad file loaded");
        } catch (ConfigException e) {
            assertThat(SecretRedactor.global().redact(e.getMessage())).doesNotContain(SECRETS.get("telegram.botToken"));
        }
    }

    @Test
    void doctorOutputAndMetricsAreMasked() throws Exception {
        // The data dir's name holds a secret, so doctor prints it in a finding unless its output is redacted.
        String secret = SECRETS.get("gateway.token");
        Path data = Files.createDirectories(dir.resolve("d-" + secret));
        CliTest cli = new CliTest();
        cli.dir = dir;
        Map<String, String> env = cli.env();
        env.put("CLAWDBOT_DATA", data.toString());
        env.put("HEADER_SECRET", SECRETS.get("models.providers.*.headers"));
        CliTest.Result doctor = cli.run(env, "doctor", "--config", configFile.toString());
        String all = doctor.out() + doctor.err();
        assertThat(all).contains("data dir").contains(SecretRedactor.MASK);
        for (Map.Entry<String, String> e : SECRETS.entrySet()) assertThat(all).as(e.getKey()).doesNotContain(e.getValue());

        io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry =
                new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        // A module that tags a meter with a configured value must not publish a secret through /metrics.
        registry.counter("test.leak", "detail", "x" + secret).increment();
        try (dev.clawdbot.app.http.HttpGateway gw = dev.clawdbot.app.http.HttpGateway.builder(
                dev.clawdbot.app.http.HttpConfig.defaults(secret).withPort(0), (m, l) -> { }).meterRegistry(registry).build().start();
             java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            var resp = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + gw.port() + "/metrics"))
                    .header("Authorization", "Bearer " + secret).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(resp.statusCode()).isEqualTo(200);
            assertThat(resp.body()).contains("test_leak").doesNotContain(secret);
        }
    }

    @Test
    void telegramAndGatewayTokensComeFromNameFileVariables() throws Exception {
        Path tg = Files.writeString(dir.resolve("tg"), "123456:AAH-telegram-token-from-file\n");
        Path gwToken = Files.writeString(dir.resolve("gw"), "gateway-token-from-file-0123456789\n");
        Settings s = Settings.resolve(null, null, Map.of("CLAWDBOT_DATA", dir.resolve("data2").toString(),
                "TELEGRAM_BOT_TOKEN_FILE", tg.toString(), "CLAWDBOT_GATEWAY_TOKEN_FILE", gwToken.toString()));
        assertThat(s.config().telegram().botToken()).isEqualTo("123456:AAH-telegram-token-from-file");
        assertThat(s.config().gateway().token()).isEqualTo("gateway-token-from-file-0123456789");
        assertThat(SecretRedactor.global().isRegistered("123456:AAH-telegram-token-from-file")).isTrue();
        assertThat(SecretRedactor.global().isRegistered("gateway-token-from-file-0123456789")).isTrue();
    }
}
