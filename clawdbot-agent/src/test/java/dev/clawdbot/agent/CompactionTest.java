package dev.clawdbot.agent;

import dev.clawdbot.llm.testing.ScriptedRouter;
import dev.clawdbot.llm.ChatMessage;
import dev.clawdbot.llm.ContentBlock;
import dev.clawdbot.llm.ModelRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.clawdbot.agent.TestTools.obj;
import static org.assertj.core.api.Assertions.assertThat;

class CompactionTest {

    @TempDir
    Path dir;

    private static boolean isSummaryRequest(ModelRequest r) {
        return r.system().equals(Compactor.SUMMARY_SYSTEM);
    }

    @Test
    void automaticCompactionSummarisesOldTurnsKeepsRecentOnesAndNeverSplitsToolPairs() {
        AgentsConfig cfg = new AgentsConfig(null, null, null, null, null, 0.5, 2);
        try (Fixture f = new Fixture(dir, cfg, List.of(TestTools.echo()))) {
            f.router.contextWindow = 1_000_000;
            f.ask("1", "turn one " + "a".repeat(400));
            f.router.thenTool("t2", "echo", obj("{\"text\":\"two\"}")).thenText("two done");
            f.ask("1", "turn two");
            f.router.thenTool("t3", "echo", obj("{\"text\":\"three\"}")).thenText("three done");
            f.ask("1", "turn three");
            f.ask("1", "turn four");
            // Shrink the window so that the next turn crosses 50 %.
            f.router.contextWindow = 400;
            f.router.then((c, r, l) -> {
                assertThat(isSummaryRequest(r)).isTrue();
                assertThat(r.messages()).singleElement();
                assertThat(r.messages().getFirst().text()).contains("turn one").contains("Assistant called tool echo")
                        .contains("Tool result: echoed two").doesNotContain("turn three");
                return ScriptedRouter.text("User said turn one and two; echo tool ran.");
            });
            f.ask("1", "turn five");
            ModelRequest main = f.router.requests.getLast();
            assertThat(isSummaryRequest(main)).isFalse();
            assertThat(main.system()).endsWith("## Summary of the earlier conversation\nUser said turn one and two; echo tool ran.");
            List<ChatMessage> sent = main.messages();
            assertThat(sent.getFirst().text()).isEqualTo("turn three");
            assertToolPairsIntact(sent);
            SessionInfo s = f.session("1");
            assertThat(s.compactedThrough()).isEqualTo(2);
            assertThat(f.turns("1")).hasSize(5);
            assertThat(f.events.ofType("session.compacted")).singleElement()
                    .satisfies(e -> assertThat(e.fields()).containsEntry("automatic", true).containsEntry("turnsFolded", 2));
        }
    }

    @Test
    void manualCompactAndNothingToCompact() {
        AgentsConfig cfg = new AgentsConfig(null, null, null, null, null, null, 1);
        try (Fixture f = new Fixture(dir, cfg, List.of())) {
            assertThat(f.ask("1", "/compact")).startsWith("Nothing to compact");
            f.ask("1", "a");
            f.ask("1", "b");
            f.ask("1", "c");
            f.router.thenText("summary of a and b");
            assertThat(f.ask("1", "/compact")).startsWith("Compacted 2 older turn(s)");
            f.ask("1", "d");
            assertThat(f.router.requests.getLast().messages()).extracting(ChatMessage::text).containsExactly("c", "echo: c", "d");
            assertThat(f.router.requests.getLast().system()).contains("summary of a and b");
            f.router.thenText("summary of a, b, c");
            assertThat(f.ask("1", "/compact")).startsWith("Compacted 1 older turn(s)");
            assertThat(f.router.requests.get(f.router.requests.size() - 1).messages().getFirst().text())
                    .startsWith("Summary of the conversation before this part:\nsummary of a and b");
        }
    }

    @Test
    void failedSummaryDoesNotLoseTheTurn() {
        AgentsConfig cfg = new AgentsConfig(null, null, null, null, null, 0.5, 0);
        try (Fixture f = new Fixture(dir, cfg, List.of())) {
            f.ask("1", "x".repeat(800));
            f.router.contextWindow = 100;
            f.router.thenFail(dev.clawdbot.llm.ModelException.Kind.OVERLOADED, "busy");
            assertThat(f.ask("1", "next")).isEqualTo("echo: next");
            assertThat(f.session("1").compactedThrough()).isZero();
            assertThat(f.events.ofType("session.compaction_failed")).hasSize(1);
        }
    }

    static void assertToolPairsIntact(List<ChatMessage> messages) {
        java.util.Set<String> open = new java.util.HashSet<>();
        for (ChatMessage m : messages) {
            for (ContentBlock b : m.content()) {
                if (b instanceof ContentBlock.ToolUse u) open.add(u.id());
                if (b instanceof ContentBlock.ToolResult r) assertThat(open.remove(r.toolUseId())).as("result %s has its call", r.toolUseId()).isTrue();
            }
        }
        assertThat(open).as("calls without results").isEmpty();
    }
}
