package dev.clawdbot.fleet.remote;

import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.notify.OperatorNotifier;
import dev.clawdbot.fleet.hosts.HostSpec;
import dev.clawdbot.fleet.hosts.Inventory;
import dev.clawdbot.fleet.ssh.RealSshd;
import dev.clawdbot.fleet.ssh.SshPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sudoers of a managed host over the real sshd (logged in as root), from a file tree the test writes: as root
 * directly, through a stand-in {@code sudo -n} when a stand-in {@code id} says the user is not root, and not at all
 * when {@code sudo -n} wants a password.
 */
class RemoteSudoersTest {
    @TempDir
    Path dir;

    @Test
    void readAsRootThroughSudoNOrNotAtAll() throws Exception {
        Path etc = Files.createDirectories(dir.resolve("tree/etc/sudoers.d"));
        Files.writeString(etc.getParent().resolve("sudoers"), "Defaults env_reset\nroot ALL=(ALL:ALL) ALL\n#includedir /etc/sudoers.d\n");
        Files.writeString(etc.resolve("deploy"), "deploy ALL=(ALL) NOPASSWD: \\\n  /usr/bin/systemctl restart web\n");
        Files.writeString(etc.resolve("README.txt"), "skipped ALL=(ALL) NOPASSWD: ALL\n"); // a dot: sudo skips it
        Files.writeString(etc.resolve("old~"), "skipped ALL=(ALL) NOPASSWD: ALL\n");
        Files.createDirectories(etc.resolve("subdir"));
        String root = etc.getParent().toString();
        try (RealSshd sshd = new RealSshd(Files.createDirectories(dir.resolve("sshd")));
             SshPool pool = new SshPool(EventSink.NONE, OperatorNotifier.none(), Clock.systemUTC(), Duration.ofMinutes(1))) {
            HostSpec spec = new HostSpec("127.0.0.1", sshd.port, "root", sshd.userKey, null, List.of(sshd.fingerprint()), null, null, null, null,
                    Duration.ofSeconds(5), Duration.ofSeconds(20));
            RemoteSudoers sudoers = new RemoteSudoers(Inventory.of(Map.of("web1", spec), null), pool, root);

            RemoteSudoers.Read asRoot = sudoers.read("web1");
            assertThat(asRoot.access()).isEqualTo(RemoteSudoers.Access.ROOT);
            assertThat(asRoot.files()).containsOnlyKeys("sudoers", "deploy");
            assertThat(asRoot.files().get("deploy")).contains("NOPASSWD");
            assertThat(asRoot.problems()).isEmpty();

            Path log = dir.resolve("sudo.log");
            sshd.standIn("id", "echo 1000");
            sshd.standIn("sudo", "[ \"$1\" = -n ] || exit 1\nshift\nprintf '%s|' \"$@\" >> " + log + "\necho >> " + log + "\nexec \"$@\"");
            RemoteSudoers.Read viaSudo = sudoers.read("web1");
            assertThat(viaSudo.access()).isEqualTo(RemoteSudoers.Access.SUDO);
            assertThat(viaSudo.files()).isEqualTo(asRoot.files());
            // The exact argv reached sudo -n: no shell string, the paths as single arguments.
            assertThat(Files.readAllLines(log)).containsExactly("true|",
                    "find|" + root + "/sudoers.d|-maxdepth|1|-type|f|-printf|%f\\n|",
                    "cat|--|" + root + "/sudoers|", "cat|--|" + root + "/sudoers.d/deploy|");

            sshd.standIn("sudo", "echo 'sudo: a password is required' >&2\nexit 1");
            RemoteSudoers.Read none = sudoers.read("web1");
            assertThat(none.access()).isEqualTo(RemoteSudoers.Access.NONE);
            assertThat(none.files()).isEmpty();
            assertThat(none.why()).isEqualTo("the SSH user is not root and has no password-less sudo: sudo: a password is required");
        }
    }
}
