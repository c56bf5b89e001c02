package dev.clawdbot.agent;

import dev.clawdbot.llm.testing.ScriptedRouter;
import dev.clawdbot.testkit.RecordingEvents;
import dev.clawdbot.core.chat.Reply;
import dev.clawdbot.core.guard.ContentGuard;
import dev.clawdbot.core.guard.ContentSource;
import dev.clawdbot.core.guard.GuardVerdict;
import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Through the gateway: streamed deltas are screened like the final reply, and PII comes back for the right conversation. */
class OutputScreeningTest {

    @TempDir
    Path dir;

    /** Redacts the inbound e-mail to a placeholder per conversation (source), and restores it only for that source. */
    static final class VaultGuard implements ContentGuard {
        volatile ContentSource inbound;

        @Override
        public GuardVerdict screen(String text, ContentSource source) {
            inbound = source;
            return new GuardVerdict(true, text.replace("alice@example.com", "[EMAIL_1]"), Map.of(), List.of());
        }

        @Override
        public String wrapUntrusted(String content, ContentSource source) {
            return content;
        }

        @Override
        public String screenOutput(String text, ContentSource source) {
            String out = StreamerTest.SECRET_RE.matcher(text).replaceAll("[REDACTED_API_KEY]");
            return source.equals(inbound) ? out.replace("[EMAIL_1]", "alice@example.com") : out;
        }
    }

    @Test
    void secretAndPlaceholderSplitAcrossStreamedDeltasNeverLeaveRaw() {
        VaultGuard guard = new VaultGuard();
        ScriptedRouter router = new ScriptedRouter();
        List<String> deltas = List.of("I wrote to [EM", "AIL_1] with the key sk-live-9f8e", "7d6c5b4a39281706", " attached.");
        router.then((c, r, l) -> {
            deltas.forEach(l::onTextDelta);
            return ScriptedRouter.text(String.join("", deltas));
        });
        try (Database db = Database.sqlite(dir.resolve("s.db"));
             AgentGateway g = Agents.create(AgentsConfig.DEFAULTS, dir.resolve("config"), db, router, List.of(), guard,
                     new RecordingEvents(), Fixture.CLOCK)) {
            Recorder rec = new Recorder();
            g.submit(Fixture.msg("9", "mail alice@example.com the key"), rec);
            Reply reply = rec.awaitReply();
            assertThat(reply.text()).isEqualTo("I wrote to alice@example.com with the key [REDACTED_API_KEY] attached.");
            assertThat(rec.deltas.toString()).isEqualTo(reply.text());
            assertThat(router.requests.getFirst().messages().getLast().text()).isEqualTo("mail [EMAIL_1] the key");
        }
    }
}
