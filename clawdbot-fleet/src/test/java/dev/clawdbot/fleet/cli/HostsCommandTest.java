package dev.clawdbot.fleet.cli;

import dev.clawdbot.core.Opened;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.fleet.hosts.HostSpec;
import dev.clawdbot.fleet.hosts.Inventory;
import dev.clawdbot.fleet.hosts.PinStore;
import dev.clawdbot.fleet.ssh.RealSshd;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code clawdbot hosts list|check|pin} against a real OpenSSH server, from first contact to a changed key. */
class HostsCommandTest {
    @TempDir
    static Path dir;
    static RealSshd sshd;
    static Inventory inventory;
    static final List<Event> events = new CopyOnWriteArrayList<>();
    static final List<OperatorNotice> notices = new CopyOnWriteArrayList<>();

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void start() throws Exception {
        sshd = new RealSshd(Files.createDirectories(dir.resolve("sshd")));
        HostSpec web1 = new HostSpec("127.0.0.1", sshd.port, "root", sshd.userKey, null, null, null, "web", List.of("office", "public"),
                null, Duration.ofSeconds(5), null);
        inventory = Inventory.of(Map.of("web1", web1), new PinStore(dir.resolve("data")));
    }

    @AfterAll
    static void stop() throws Exception {
        sshd.close();
    }

    static Run run(String stdin, String... args) {
        CommandLine cl = HostsCommand.commandLine(new HostsCommand.Context(() -> inventory, () -> Opened.of(new HostsCommand.Reporting(events::add, notices::add)),
                Clock.systemUTC(), () -> new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void fromFirstContactToAChangedKey() throws Exception {
        Path known = dir.resolve("data/ssh/known_hosts");
        Run list = run("", "list");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("web1").contains("127.0.0.1:" + sshd.port).contains("office,public");

        // Not pinned: checks are refused, nothing runs.
        Run unpinned = run("", "check", "web1", "--only", "load");
        assertThat(unpinned.code()).isEqualTo(1);
        assertThat(unpinned.out()).contains("UNREACHABLE").contains("no key is pinned");

        String fp = sshd.fingerprint();
        Run wrong = run("", "pin", "web1", "--yes", "--fingerprint", "SHA256:" + "A".repeat(43));
        assertThat(wrong.code()).isEqualTo(HostsCommand.REFUSED);
        assertThat(wrong.out()).contains("offers ssh-ed25519 " + fp);
        assertThat(Files.exists(known)).isFalse();

        Run declined = run("n\n", "pin", "web1");
        assertThat(declined.code()).isEqualTo(1);
        assertThat(declined.out()).contains("[y/N]").contains("not pinned");
        assertThat(Files.exists(known)).isFalse();

        Run accepted = run("y\n", "pin", "web1");
        assertThat(accepted.code()).as(accepted.err()).isZero();
        assertThat(Files.readString(known)).startsWith("[127.0.0.1]:" + sshd.port + " ssh-ed25519 ").contains("clawdbot:web1");
        assertThat(inventory.endpoint("web1").pins()).containsExactly(fp);
        assertThat(events).anySatisfy(e -> assertThat(e.type()).isEqualTo("fleet.ssh.hostkey.pinned"));

        assertThat(run("", "pin", "web1").out()).contains("already pinned");
        Run check = run("", "check", "--only", "load,memory,disk");
        assertThat(check.code()).as(check.out()).isIn(0, 1);
        assertThat(check.out()).contains("load").contains("memory").contains("MiB available").doesNotContain("FAIL").doesNotContain("UNREACHABLE");

        // The host is reinstalled: a new key. Never pinned over the old one, refused and alerted.
        sshd.stop();
        sshd.newHostKey();
        sshd.start();
        notices.clear();
        String before = Files.readString(known);
        Run changed = run("", "pin", "web1", "--yes", "--fingerprint", sshd.fingerprint());
        assertThat(changed.code()).isEqualTo(HostsCommand.REFUSED);
        assertThat(changed.err()).contains("REFUSED").contains("not the pinned " + fp);
        assertThat(Files.readString(known)).isEqualTo(before);
        assertThat(notices).singleElement().satisfies(n -> {
            assertThat(n.level()).isGreaterThanOrEqualTo(10);
            assertThat(n.subject()).contains("CHANGED");
        });
        Run refusedCheck = run("", "check", "web1", "--only", "load");
        assertThat(refusedCheck.code()).isEqualTo(1);
        assertThat(refusedCheck.out()).contains("UNREACHABLE").contains("which is not the pinned " + fp);
    }
}
