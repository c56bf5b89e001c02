package dev.clawdbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clawdbot.sandbox.SandboxBackend;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11 item 13: the command line's rough edges. */
class CliFixesTest {
    @TempDir
    Path dir;

    private CliTest cli() {
        CliTest cli = new CliTest();
        cli.dir = dir;
        return cli;
    }

    @Test
    void chatSaysTheGatewayIsUnreachableAndExitsOne() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CliTest cli = cli();
        CliTest.Result r = cli.run(cli.env(), "chat", "--url", "http://127.0.0.1:" + port, "--token", "some-token-0123456789");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).doesNotContain("Connected");
        assertThat(r.err()).contains("unreachable").contains("127.0.0.1:" + port);
    }

    @Test
    void globalOptionsWorkAfterTheSubcommandToo() throws Exception {
        Path file = Files.writeString(dir.resolve("c.yaml"), "gateway:\n  port: 18123\n");
        CliTest cli = cli();
        CliTest.Result r = cli.run(cli.env(), "config", "check", "--config", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("HTTP: 127.0.0.1:18123").contains(file.toString());

        CliTest.Result before = cli.run(cli.env(), "--config", file.toString(), "config", "check");
        assertThat(before.out()).isEqualTo(r.out());

        Path data = dir.resolve("elsewhere");
        CliTest.Result tokens = cli.run(Map.of(), "tokens", "create", "alice", "--data", data.toString());
        assertThat(tokens.code()).as(tokens.err()).isZero();
        assertThat(data.resolve("clawdbot.db")).exists();
    }

    @Test
    void commandsUseTheDirectoriesOfTheLastServeAndSaySo() throws Exception {
        Path data = Files.createDirectories(dir.resolve("srv-data"));
        Path file = Files.writeString(dir.resolve("srv.yaml"), "gateway:\n  port: 18124\n");
        Map<String, String> env = Map.of("HOME", dir.resolve("home").toString());
        ServerPointer.write(env, data, Optional.of(file));

        CliTest.Result r = cli().run(env, "config", "check");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("HTTP: 127.0.0.1:18124");
        assertThat(r.err()).contains("using data directory " + data).contains(file.toString()).contains("the last `clawdbot serve`");

        CliTest.Result fresh = cli().run(Map.of("HOME", dir.resolve("nohome").toString()), "config", "check");
        assertThat(fresh.err()).contains("using data directory").contains("default ./data");
    }

    @Test
    void statusDescribesTheSandboxInWords() {
        assertThat(Components.describe(new SandboxBackend.Bubblewrap(Path.of("/usr/bin/bwrap")))).isEqualTo("bubblewrap (/usr/bin/bwrap)");
        assertThat(Components.describe(new SandboxBackend.Container("podman", Path.of("/usr/bin/podman"), "debian:12")))
                .isEqualTo("podman (/usr/bin/podman, image debian:12)");
        assertThat(Components.describe(new SandboxBackend.None(false))).isEqualTo("none: commands are refused")
                .doesNotContain("[").doesNotContain("=");
    }
}
