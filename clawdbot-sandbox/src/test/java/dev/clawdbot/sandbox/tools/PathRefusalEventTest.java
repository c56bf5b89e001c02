package dev.clawdbot.sandbox.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clawdbot.core.chat.Caller;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.core.tool.ToolContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A path out of the workspace is a sandbox violation the operator must hear of: level 10, without the path. */
class PathRefusalEventTest {

    @TempDir
    Path ws;

    @Test
    void aRefusedPathIsALevelTenEventWithoutThePathAndBadInputIsNot() throws Exception {
        List<Event> events = new ArrayList<>();
        Instant t = Instant.parse("2026-12-07T10:00:00Z");
        List<Tool> tools = PathRefusals.report(FileTools.all(), events::add, Clock.fixed(t, ZoneOffset.UTC));
        Tool read = tools.stream().filter(x -> x.spec().name().equals("read")).findFirst().orElseThrow();
        ToolContext ctx = new ToolContext("dakota", "s1", new Caller("telegram", "42", null), ws, Duration.ofMinutes(1));
        ObjectMapper json = new ObjectMapper();
        assertThat(read.invoke(json.createObjectNode().put("path", "../../etc/shadow"), ctx).isError()).isTrue();
        assertThat(read.invoke(json.createObjectNode(), ctx).isError()).isTrue();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("sandbox.path_refused");
            assertThat(e.level()).isGreaterThanOrEqualTo(10);
            assertThat(e.actor()).isEqualTo(new Caller("telegram", "42", null).id());
            assertThat(e.fields()).containsEntry("tool", "read").containsEntry("agent", "dakota");
            assertThat(e.fields().values()).noneMatch(v -> String.valueOf(v).contains("shadow"));
        });
    }
}
