package dev.clawdbot.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Telegram approvals reach the broker in memory only: a split of broker and telegram into two processes is refused
 * when it would leave the broker no operator channel, and warned about when the admin bot merely stops approving.
 */
class ApprovalSplitTest {

    @TempDir
    Path dir;

    Settings settings(boolean email) throws IOException {
        String mail = !email ? "" : """
                  email:
                    smtpHost: 127.0.0.1
                    imapHost: 127.0.0.1
                    username: ops@example.org
                    password: app-password-1
                    from: ops@example.org
                    operators: [boss@example.org]
                """;
        Path yaml = Files.writeString(dir.resolve("clawdbot.yaml"), """
                adminBot:
                  botToken: "654321:admin-token-abcdefghijklmnop"
                  apiBaseUrl: http://127.0.0.1:9/
                  allowFrom: [4242]
                broker:
                  spoolDir: %s
                  linkSecret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
                  bridge:
                    secrets: [whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw]
                    spoolDir: %s
                """.formatted(dir.resolve("spool"), dir.resolve("bridge")) + mail);
        return Settings.resolve(null, null, Map.of("CLAWDBOT_CONFIG", yaml.toString(), "CLAWDBOT_DATA", dir.resolve("data").toString(),
                "CLAWDBOT_PORT", "0"));
    }

    @Test
    void theBrokerWithoutTelegramWhoseOnlyChannelIsTheAdminBotRefusesToStartNamingTheWayOut() throws IOException {
        Server server = new Server(settings(false), Clock.systemUTC(), Set.of("broker"));
        assertThatThrownBy(server::start).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broker: its only operator channel is the admin bot")
                .hasMessageContaining("serve --roles broker,telegram")
                .hasMessageContaining("broker.email");
        assertThat(Components.approvalSplit(settings(false).config(), Set.of("broker", "telegram", "gateway")))
                .as("together in one process: nothing to say").isEmpty();
    }

    @Test
    void aSplitThatKeepsTheMailChannelStartsWithAWarningOnEachSide() throws IOException {
        AppConfig c = settings(true).config();
        assertThat(Components.approvalSplit(c, Set.of("broker"))).hasValueSatisfying(w -> assertThat(w)
                .startsWith("broker: approvals go by e-mail only"));
        assertThat(Components.approvalSplit(c, Set.of("telegram", "gateway"))).hasValueSatisfying(w -> assertThat(w)
                .startsWith("telegram: the admin bot takes no approvals in this process"));
        assertThat(Components.approvalSplit(c, Set.of("siem"))).isEmpty();
        try (Server server = new Server(settings(true), Clock.systemUTC(), Set.of("broker")).start()) {
            assertThat(server.startOrder()).as("the broker runs, asking by e-mail").containsExactly("broker", "agents");
        }
    }
}
