package dev.clawdbot.ops.secrets;

import dev.clawdbot.core.Opened;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.mail.MailLogin;
import dev.clawdbot.ops.cli.SecretsCommand;
import dev.clawdbot.testkit.llm.FakeModelServer;
import dev.clawdbot.testkit.telegram.FakeTelegramServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretVerifyTest {
    @TempDir
    Path dir;

    @Test
    void telegramGetMeAcceptsAWorkingTokenAndReportsARejectedOne() {
        try (FakeTelegramServer telegram = new FakeTelegramServer()) {
            telegram.setBotUsername("clawdbot_admin_bot");
            assertThat(HttpVerifiers.telegramGetMe(telegram.baseUrl(), "123:new-token").verify())
                    .isEqualTo(new SecretVerifier.Verdict(true, "Telegram getMe: bot @clawdbot_admin_bot"));
            telegram.failNext("getMe", 401, "Unauthorized");
            SecretVerifier.Verdict bad = HttpVerifiers.telegramGetMe(telegram.baseUrl(), "123:revoked").verify();
            assertThat(bad.ok()).isFalse();
            assertThat(bad.message()).isEqualTo("Telegram getMe: HTTP 401 Unauthorized");
            assertThat(telegram.calls("getMe")).extracting(FakeTelegramServer.Call::token).containsExactly("123:new-token", "123:revoked");
        }
    }

    @Test
    void aProvidersModelListChecksTheKeyInEachProvidersStyle() {
        try (FakeModelServer models = FakeModelServer.start().models("m1", "m2").requireKey("sk-new")) {
            assertThat(HttpVerifiers.models("anthropic", models.baseUrl(), "sk-new").verify().message()).endsWith("/v1/models: 2 model(s) listed");
            assertThat(HttpVerifiers.models("openai", models.openAiBaseUrl(), "sk-new").verify().ok()).isTrue();
            SecretVerifier.Verdict bad = HttpVerifiers.models("openai", models.openAiBaseUrl(), "sk-old").verify();
            assertThat(bad).isEqualTo(new SecretVerifier.Verdict(false, models.openAiBaseUrl() + "/models: HTTP 401 (key rejected)"));
            assertThat(models.requests().getFirst().headers()).containsEntry("x-api-key", List.of("sk-new"));
        }
    }

    @Test
    void mailLoginsAgainstGreenMailSucceedWithTheRightPasswordOnly() throws Exception {
        GreenMail mail = new GreenMail(new ServerSetup[]{ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.IMAP.dynamicPort()});
        mail.start();
        try {
            mail.setUser("bot@example.org", "bot", "app-password-2");
            int smtp = mail.getSmtp().getPort(), imap = mail.getImap().getPort();
            MailLogin.imap("127.0.0.1", imap, false, "bot", "app-password-2", Duration.ofSeconds(5));
            assertThatThrownBy(() -> MailLogin.imap("127.0.0.1", imap, false, "bot", "app-password-1", Duration.ofSeconds(5)))
                    .hasMessageStartingWith("IMAP 127.0.0.1:" + imap + ": ").hasMessageNotContaining("app-password-1");
            MailLogin.smtp("127.0.0.1", smtp, false, false, "bot", "app-password-2", Duration.ofSeconds(5));
        } finally {
            mail.stop();
        }
    }

    @Test
    void rotatedVerifyRecordsOnlyWhenTheCheckPasses() {
        try (Database db = Database.sqlite(dir.resolve("ops.db")); FakeTelegramServer telegram = new FakeTelegramServer()) {
            Supplier inv = () -> new Inventory(List.of(), List.of("telegram.botToken", "gateway.token"), new RotationStore(db), Clock.systemUTC());
            Map<String, SecretVerifier> verifiers = Map.of("telegram.botToken", HttpVerifiers.telegramGetMe(telegram.baseUrl(), "123:new"));
            telegram.failNext("getMe", 401, "Unauthorized");
            Result failed = run(inv, verifiers, "rotated", "telegram.botToken", "--verify");
            assertThat(failed.code()).isEqualTo(2);
            assertThat(failed.err()).contains("verification failed: Telegram getMe: HTTP 401 Unauthorized. Not recorded");
            RotationStore.Rotation before = new RotationStore(db).all().get("telegram.botToken");
            assertThat(before == null ? null : before.source()).as("nothing recorded by the operator").isNotEqualTo(RotationStore.Source.OPERATOR);

            Result ok = run(inv, verifiers, "rotated", "telegram.botToken", "--verify");
            assertThat(ok.code()).isZero();
            assertThat(ok.out()).contains("telegram.botToken: verified: Telegram getMe: bot @").contains("next due");
            assertThat(new RotationStore(db).all().get("telegram.botToken").source()).isEqualTo(RotationStore.Source.OPERATOR);

            Result none = run(inv, verifiers, "rotated", "gateway.token", "--verify");
            assertThat(none.code()).isEqualTo(2);
            assertThat(none.err()).contains("no verify step for gateway.token; Clawdbot can verify: telegram.botToken");
            assertThat(run(inv, verifiers, "rotated", "nope", "--verify").code()).isEqualTo(1);
        }
    }

    interface Supplier extends java.util.function.Supplier<Inventory> {
    }

    record Result(int code, String out, String err) {
    }

    private static Result run(Supplier inv, Map<String, SecretVerifier> verifiers, String... args) {
        CommandLine cl = SecretsCommand.commandLine(() -> Opened.of(inv.get()), () -> verifiers);
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
