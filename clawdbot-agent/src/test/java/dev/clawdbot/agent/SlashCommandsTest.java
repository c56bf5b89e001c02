package dev.clawdbot.agent;

import dev.clawdbot.llm.testing.ScriptedRouter;
import dev.clawdbot.core.chat.Reply;
import dev.clawdbot.llm.ChatMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static dev.clawdbot.agent.TestTools.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SlashCommandsTest {

    @TempDir
    Path dir;

    @Test
    void parsesOnlyKnownCommands() {
        assertThat(Command.parse("/status")).isEqualTo(new Command(Command.Name.STATUS, ""));
        assertThat(Command.parse("  /MODEL  fake/m2 ")).isEqualTo(new Command(Command.Name.MODEL, "fake/m2"));
        assertThat(Command.parse("/status@dakota_bot")).isEqualTo(new Command(Command.Name.STATUS, ""));
        assertThat(Command.parse("/etc/hosts is broken")).isNull();
        assertThat(Command.parse("please /stop")).isNull();
    }

    @Test
    void helpAndStatusAnswerWithoutAModel() {
        try (Fixture f = new Fixture(dir)) {
            Reply help = f.send("1", "/help").awaitReply();
            assertThat(help.text()).contains("/new").contains("/compact").contains("/stop");
            assertThat(help.model()).isNull();
            f.ask("1", "hello");
            String status = f.ask("1", "/status");
            assertThat(status).contains("Session: dakota:telegram:1").contains("1 turn(s)").contains("Tokens: 10 in, 5 out")
                    .contains("Queue: 0 waiting").contains("fake: closed circuit").contains("System prompt: ")
                    .contains("of 100000 tokens");
            assertThat(f.router.requests).hasSize(1);
            assertThat(f.events.ofType("command.executed")).extracting(e -> e.fields().get("command")).containsExactly("help", "status");
        }
    }

    @Test
    void modelListsValidatesAndSetsTheSessionOverride() {
        try (Fixture f = new Fixture(dir)) {
            assertThat(f.ask("1", "/model")).contains("fake/m1").contains("fake/m2").contains("the agent's default chain");
            assertThat(f.ask("1", "/model nope/x")).isEqualTo("Unknown model 'nope/x'. Available: fake/m1, fake/m2");
            assertThat(f.ask("1", "/model fake/m2")).isEqualTo("This conversation now uses fake/m2.");
            f.ask("1", "hi");
            assertThat(f.router.routes.getLast().modelOverride()).isEqualTo("fake/m2");
            assertThat(f.ask("1", "/model")).contains("fake/m2  (current)");
            assertThat(f.ask("1", "/model default")).contains("default model again");
            f.ask("1", "hi again");
            assertThat(f.router.routes.getLast().modelOverride()).isNull();
            f.ask("2", "other peer");
            assertThat(f.router.routes.getLast().modelOverride()).isNull();
        }
    }

    @Test
    void newArchivesTheSessionAndStartsEmpty() {
        try (Fixture f = new Fixture(dir)) {
            f.ask("1", "remember me");
            SessionInfo old = f.session("1");
            assertThat(f.ask("1", "/new")).contains("Started a new conversation");
            f.ask("1", "who am I");
            assertThat(f.router.requests.getLast().messages()).extracting(ChatMessage::text).containsExactly("who am I");
            List<SessionInfo> history = f.gateway.sessions().history("dakota:telegram:1");
            assertThat(history).hasSize(2);
            assertThat(history.getFirst().id()).isEqualTo(old.id());
            assertThat(history.getFirst().archivedAt()).isNotNull();
            assertThat(f.gateway.sessions().turnsAfter(old.id(), 0)).hasSize(1);
            f.ask("1", "/reset");
            assertThat(f.gateway.sessions().history("dakota:telegram:1")).hasSize(3);
        }
    }

    @Test
    void stopCancelsTheRunningTurnWhichLeavesNoTraceAndQueuedMessagesStillRun() {
        try (Fixture f = new Fixture(dir, AgentsConfig.DEFAULTS, List.of(TestTools.echo()))) {
            f.ask("1", "before");
            CountDownLatch started = new CountDownLatch(1);
            f.router.thenTool("t", "echo", obj("{}")).then(ScriptedRouter.blocking(started, new CountDownLatch(1), "never"));
            Recorder running = f.send("1", "long job");
            await().until(() -> started.getCount() == 0);
            Recorder queued = f.send("1", "next");
            assertThat(f.ask("1", "/status")).contains("Queue: 1 waiting");
            assertThat(f.ask("1", "/stop")).isEqualTo("Stopped.");
            assertThat(running.awaitError().code()).isEqualTo("stopped");
            assertThat(queued.awaitReply().text()).isEqualTo("echo: next");
            assertThat(f.turns("1")).extracting(t -> t.messages().getFirst().text()).containsExactly("before", "next");
            assertThat(f.events.ofType("turn.failed")).singleElement().satisfies(e -> assertThat(e.fields()).containsEntry("reason", "stopped"));
            assertThat(f.ask("1", "/stop")).isEqualTo("Nothing is running.");
        }
    }

    @Test
    void turnDeadlineCancelsTheRun() {
        AgentsConfig cfg = new AgentsConfig(null, java.util.Map.of("dakota", new AgentConfig(null, null, null, null, null,
                java.time.Duration.ofMillis(200), null, null)), null, null, null, null, null);
        try (Fixture f = new Fixture(dir, cfg, List.of())) {
            f.router.then(ScriptedRouter.blocking(new CountDownLatch(1), new CountDownLatch(1), "never"));
            assertThat(f.send("1", "slow").awaitError().code()).isEqualTo("timeout");
            assertThat(f.gateway.sessions().list(true)).allSatisfy(s -> assertThat(f.gateway.sessions().turnCount(s.id())).isZero());
            assertThat(f.ask("1", "quick")).isEqualTo("echo: quick");
        }
    }

    @Test
    void stopFreesTheLaneEvenWhenAToolIgnoresInterrupts() {
        CountDownLatch inTool = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        var stubborn = new TestTools.FnTool("stubborn", (in, ctx) -> {
            inTool.countDown();
            while (true) {
                try {
                    release.await();
                    return dev.clawdbot.core.tool.ToolResult.ok("too late");
                } catch (InterruptedException swallowed) {
                    // This tool ignores interrupts on purpose.
                }
            }
        });
        try (Fixture f = new Fixture(dir, AgentsConfig.DEFAULTS, List.of(stubborn))) {
            f.router.thenTool("s", "stubborn", obj("{}"));
            Recorder running = f.send("1", "go");
            await().until(() -> inTool.getCount() == 0);
            assertThat(f.ask("1", "/stop")).isEqualTo("Stopped.");
            assertThat(running.awaitError().code()).isEqualTo("stopped");
            assertThat(f.ask("1", "next")).isEqualTo("echo: next");
            assertThat(f.turns("1")).hasSize(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void behavioursFromConfigAreInThePromptAndSurviveReset() throws Exception {
        try (Fixture f = new Fixture(dir)) {
            Path agentDir = f.configDir.resolve("agents/dakota");
            Files.createDirectories(agentDir);
            Files.writeString(agentDir.resolve("behaviours.md"), "- Voice replies: plain sentences, no markdown.\n");
            f.ask("1", "hi");
            String system = f.router.requests.getLast().system();
            assertThat(system).startsWith("You are Dakota").contains("## Learned behaviours\n- Voice replies: plain sentences, no markdown.");
            f.ask("1", "/reset");
            f.ask("1", "hi again");
            assertThat(f.router.requests.getLast().system()).isEqualTo(system);
            Files.writeString(agentDir.resolve("persona.md"), "You are Dakota the terse.");
            f.ask("1", "and now");
            assertThat(f.router.requests.getLast().system()).startsWith("You are Dakota the terse.").contains("Voice replies");
            assertThat(f.events.ofType("prompt.measured")).hasSize(2)
                    .allSatisfy(e -> assertThat(e.fields()).containsKeys("chars", "estimatedTokens"));
            assertThat(f.ask("1", "/status")).contains("System prompt: " + f.router.requests.getLast().system().length() + " chars");
        }
    }
}
