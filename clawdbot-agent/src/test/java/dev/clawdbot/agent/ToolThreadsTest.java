package dev.clawdbot.agent;

import dev.clawdbot.core.tool.ToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.clawdbot.agent.TestTools.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11 item 1: tools that compute without blocking and ignore interrupts (a runaway regex did) must neither
 * outlive the turn deadline nor starve other chats. On virtual threads, as many spinning tools as there are
 * carriers (2 on a 2-core machine) hung every lane and the deadline never took effect.
 */
class ToolThreadsTest {
    @TempDir
    Path dir;

    @Test
    void spinningToolsAsManyAsCarriersNeitherOutliveTheDeadlineNorStarveOtherChats() {
        int carriers = Math.max(2, Runtime.getRuntime().availableProcessors());
        AtomicInteger spinning = new AtomicInteger();
        var release = new java.util.concurrent.atomic.AtomicBoolean();
        var spin = new TestTools.FnTool("spin", (in, ctx) -> {
            spinning.incrementAndGet();
            long x = 0;
            while (!release.get()) x += System.nanoTime() & 1; // pure computation: never blocks, never checks interrupts
            return ToolResult.ok("done " + x);
        });
        AgentsConfig cfg = new AgentsConfig(null, Map.of("dakota", new AgentConfig(null, null, null, null, null,
                Duration.ofSeconds(2), null, null)), null, null, null, null, null);
        try (Fixture f = new Fixture(dir, cfg, List.of(spin))) {
            List<Recorder> hostile = new ArrayList<>();
            for (int i = 0; i < carriers; i++) {
                f.router.thenTool("s" + i, "spin", obj("{}"));
                hostile.add(f.send("h" + i, "spin"));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> spinning.get() == carriers);
            for (Recorder r : hostile) assertThat(r.awaitError().code()).isEqualTo("timeout");
            // The spinners still run (abandoned); other chats are answered regardless.
            assertThat(release.get()).isFalse();
            assertThat(f.ask("other", "quick")).isEqualTo("echo: quick");
        } finally {
            release.set(true);
        }
    }
}
