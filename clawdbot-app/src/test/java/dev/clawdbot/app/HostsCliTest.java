package dev.clawdbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clawdbot hosts}: one inventory from {@code hosts:} and the broker's older {@code broker.hosts}; errors name the key. */
class HostsCliTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    @BeforeEach
    void key() throws Exception {
        Path key = Files.writeString(dir.resolve("id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    }

    Result run(String yaml, String... args) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/clawdbot.yaml"), yaml.replace("{dir}", dir.toString()));
        Map<String, String> env = Map.of("CLAWDBOT_DATA", dir.resolve("data").toString());
        var cl = Main.commandLine(new Main(env, Clock.systemUTC()), args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Result(cl.execute(args), out.toString(), err.toString());
    }

    private static final String HOSTS = """
            hosts:
              bastion:
                address: 203.0.113.10
                user: ops
                privateKeyFile: {dir}/id_ed25519
                hostKeys: ["SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]
              gpu1:
                address: 10.0.0.7
                user: ops
                role: gpu
                tags: [vllm, office]
                privateKeyFile: {dir}/id_ed25519
                jump: bastion
            """;

    private static final String BROKER = """
            broker:
              spoolDir: {dir}/spool
              linkSecret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
              hosts:
                web1:
                  address: 10.0.0.5
                  user: deploy
                  privateKeyFile: {dir}/id_ed25519
                  hostKeyFingerprint: SHA256:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB
            """;

    @Test
    void listShowsHostsAndTheBrokersHostsAsOneInventory() throws Exception {
        Result r = run(HOSTS + BROKER, "hosts", "list");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("bastion").contains("203.0.113.10:22").contains("web1").contains("10.0.0.5:22")
                .contains("gpu1").contains("vllm,office").doesNotContain("BEGIN");
        assertThat(r.out().lines().filter(l -> l.startsWith("gpu1")).findFirst().orElseThrow()).contains("bastion").contains(" gpu ");
    }

    @Test
    void noHostsIsNotAnError() throws Exception {
        Result r = run("", "hosts", "list");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("no managed hosts");
    }

    @Test
    void configErrorsNameTheKey() throws Exception {
        Result jump = run(HOSTS.replace("jump: bastion", "jump: nowhere"), "hosts", "list");
        assertThat(jump.code()).isNotZero();
        assertThat(jump.err()).contains("hosts.gpu1.jump: no host named nowhere");
        Result twice = run(HOSTS + BROKER.replace("web1:", "bastion:"), "hosts", "list");
        assertThat(twice.code()).isNotZero();
        assertThat(twice.err()).contains("broker.hosts.bastion: also defined as hosts.bastion");
        Result badPin = run(HOSTS.replace("SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "SHA256:short"), "hosts", "list");
        assertThat(badPin.code()).isNotZero();
        assertThat(badPin.err()).contains("hosts").contains("bastion").contains("hostKeys[0]: a SHA256: fingerprint has 43 base64 characters");
    }

    @Test
    void sshAndContainerMonitorsMustNameAManagedHost() throws Exception {
        String monitors = """
                monitors:
                  monitors:
                    - name: vllm-up
                      type: SSH
                      host: gpu1
                      command: [systemctl, is-active, vllm]
                    - name: web-container
                      type: CONTAINER
                      host: %s
                      container: nginx
                """;
        assertThat(run(HOSTS + BROKER + monitors.formatted("web1"), "hosts", "list").code()).as("broker.hosts count too").isZero();
        Result unknown = run(HOSTS + monitors.formatted("web9"), "hosts", "list");
        assertThat(unknown.code()).isNotZero();
        assertThat(unknown.err()).contains("monitors.monitors[1].host: no host named web9 in hosts:");
    }
}
