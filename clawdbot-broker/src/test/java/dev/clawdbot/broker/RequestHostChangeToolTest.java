package dev.clawdbot.broker;

import dev.clawdbot.broker.request.HostChangeRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clawdbot.core.chat.Caller;
import dev.clawdbot.core.tool.ToolContext;
import dev.clawdbot.core.tool.ToolResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RequestHostChangeToolTest {

    @TempDir
    Path dir;
    BrokerFixture f;

    @AfterEach
    void close() throws Exception {
        if (f != null) f.close();
    }

    final ToolContext ctx = new ToolContext("dakota", "telegram:1", new Caller("telegram", "1", "Op"), Path.of("/tmp"), Duration.ofMinutes(1));

    @Test
    void filesARequestInTheSpoolAsTheCallingAgent() throws Exception {
        f = new BrokerFixture(dir);
        f.open();
        RequestHostChangeTool tool = new RequestHostChangeTool(dir.resolve("spool"), f.clock);
        assertThat(tool.spec().name()).isEqualTo("request_host_change");
        JsonNode in = new ObjectMapper().readTree("""
                {"summary":"Install htop","rationale":"debugging load","actions":[{"type":"command","argv":["apt-get","install","-y","htop"]}],"urgency":"low"}""");
        ToolResult r = tool.invoke(in, ctx);
        assertThat(r.isError()).isFalse();
        assertThat(r.content()).contains("Nothing has changed yet");
        f.broker.runOnce();
        assertThat(f.only().request().requester()).isEqualTo("dakota");
        assertThat(f.only().request().urgency()).isEqualTo(HostChangeRequest.Urgency.LOW);
        assertThat(f.only().risk()).isEqualTo("high");
    }

    @Test
    void theModelCannotChooseTheRequesterOrSmuggleAShellLine() throws Exception {
        RequestHostChangeTool tool = new RequestHostChangeTool(dir.resolve("spool"), java.time.Clock.systemUTC());
        ObjectMapper m = new ObjectMapper();
        assertThat(tool.invoke(m.readTree("{\"requester\":\"operator\",\"summary\":\"s\",\"rationale\":\"r\",\"actions\":[{\"type\":\"command\",\"argv\":[\"ls\"]}]}"), ctx).content())
                .contains("requester is set by the system");
        assertThat(tool.invoke(m.readTree("{\"summary\":\"s\",\"rationale\":\"r\",\"actions\":[{\"type\":\"command\",\"argv\":[\"ls\"],\"shell\":\"rm -rf /\"}]}"), ctx).isError()).isTrue();
        assertThat(tool.invoke(m.readTree("{\"summary\":\"s\",\"rationale\":\"r\",\"actions\":[]}"), ctx).content()).contains("at least one action");
        assertThat(dir.resolve("spool/inbox")).doesNotExist();
    }
}
