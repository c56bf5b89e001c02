package dev.clawdbot.siem;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.siem.response.BlockStore;
import dev.clawdbot.siem.response.Netns;
import dev.clawdbot.siem.response.ResponseConfig;
import dev.clawdbot.siem.rules.Ruleset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole path with real parts: Debian's sshd in one network namespace, failed logins from a second one over a
 * veth pair, sshd's log lines (given the syslog header journald/rsyslog would add) followed by the siem role, the
 * brute-force rule, an nftables block in the server's namespace, a timed-out connect, expiry, and access again.
 */
class SshdBruteForceNetnsTest {

    private static final String SERVER_IP = "10.201.0.1";
    private static final String ATTACKER_IP = "10.201.0.2";
    /** A second address of the attacking namespace, standing for the operator's own, allowlisted one. */
    private static final String OPERATOR_IP = "10.201.0.3";
    private static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);

    @TempDir
    Path dir;
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final List<Event> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            try {
                c.close();
            } catch (RuntimeException e) {
                // Keep closing the rest: namespaces must go even when one step fails.
            }
        }
    }

    @Test
    void bruteForcerIsBlockedThenLetBackIn() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/sshd")), "openssh-server is not installed (/usr/sbin/sshd)");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh")) && Files.isExecutable(Path.of("/usr/bin/ssh-keygen")),
                "openssh-client is not installed (ssh, ssh-keygen)");
        Netns server = Netns.create("cbsshd");
        cleanup.add(server);
        Netns attacker = Netns.create("cbatk");
        cleanup.add(attacker);
        server.must("ip", "link", "add", "vs", "type", "veth", "peer", "name", "va");
        server.must("ip", "link", "set", "va", "netns", attacker.name());
        server.must("ip", "addr", "add", SERVER_IP + "/24", "dev", "vs");
        attacker.must("ip", "addr", "add", ATTACKER_IP + "/24", "dev", "va");
        attacker.must("ip", "addr", "add", OPERATOR_IP + "/24", "dev", "va");
        server.must("ip", "link", "set", "vs", "up");
        attacker.must("ip", "link", "set", "va", "up");

        // sshd's privilege separation directory; Debian's unit creates it (RuntimeDirectory=sshd).
        Files.createDirectories(Path.of("/run/sshd"));
        Netns.host("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("hostkey").toString());
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, "Port 2222\nListenAddress " + SERVER_IP + "\nHostKey " + dir.resolve("hostkey")
                + "\nPidFile none\nUsePAM no\nLogLevel INFO\n");
        Path authLog = dir.resolve("auth.log");
        Files.writeString(authLog, "");

        Database db = Database.sqlite(dir.resolve("clawdbot.db"));
        cleanup.add(db);
        // 15 s: the blocked connect (3 s ConnectTimeout) must start and end inside the block even on a loaded machine.
        ResponseConfig response = new ResponseConfig("enforce", null, null, null, List.of("15s"), null, List.of(OPERATOR_IP), server.prefix("nft"));
        SiemConfig sc = new SiemConfig(true, List.of(), List.of(authLog.toString()), 3, 10, 1000, 50, false, response);
        SiemRole role = new SiemRole(sc, Ruleset.shipped(), new AlertStore(db), n -> { }, events::add, Clock.systemUTC(), "sshd-host");
        cleanup.add(role);
        role.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> role.pollCycles() > 0);

        Process sshd = new ProcessBuilder(server.prefix("/usr/sbin/sshd", "-D", "-e", "-f", config.toString())).redirectErrorStream(true).start();
        cleanup.add(sshd::destroyForcibly);
        List<String> sshdLines = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> forward(sshd, authLog, sshdLines));
        await().atMost(Duration.ofSeconds(20)).until(() -> sshdLines.stream().anyMatch(l -> l.startsWith("Server listening")));

        // The allowlisted address fails as often: the rule fires, the block is refused, it still gets in.
        for (int i = 0; i < 6; i++) assertThat(login(attacker, OPERATOR_IP)).contains("Permission denied");
        await().atMost(Duration.ofSeconds(30)).until(() -> events.stream().anyMatch(e -> e.type().equals("siem.response.refused")));
        assertThat(events.stream().filter(e -> e.type().equals("siem.response.refused")).findFirst().orElseThrow().fields())
                .containsEntry("address", OPERATOR_IP).containsEntry("reason", "allowlisted");
        assertThat(login(attacker, OPERATOR_IP)).contains("Permission denied");

        for (int i = 0; i < 6; i++) assertThat(login(attacker, ATTACKER_IP)).contains("Permission denied");
        await().atMost(Duration.ofSeconds(30)).until(() -> events.stream().anyMatch(e -> e.type().equals("siem.response.block")));
        Event block = events.stream().filter(e -> e.type().equals("siem.response.block")).findFirst().orElseThrow();
        assertThat(block.fields()).containsEntry("address", ATTACKER_IP).containsEntry("rule", 880110).containsEntry("dryRun", false);
        assertThat(server.must("nft", "list", "set", "inet", "clawdbot", "blocked4")).contains(ATTACKER_IP).doesNotContain(OPERATOR_IP);

        String blocked = login(attacker, ATTACKER_IP);
        assertThat(blocked).contains("timed out").doesNotContain("Permission denied");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> !server.must("nft", "list", "set", "inet", "clawdbot", "blocked4").contains(ATTACKER_IP));
        assertThat(login(attacker, ATTACKER_IP)).contains("Permission denied");
        await().atMost(Duration.ofSeconds(20)).until(() -> events.stream().anyMatch(e -> e.type().equals("siem.response.unblock")));
        assertThat(new BlockStore(db).find(ATTACKER_IP).orElseThrow().active()).isFalse();
    }

    /** One failed login from {@code source} (an invalid user, no key, no password); ssh's own words about how it ended. */
    private static String login(Netns attacker, String source) {
        return attacker.exec("ssh", "-b", source, "-o", "BatchMode=yes", "-o", "ConnectTimeout=3", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-p", "2222", "nosuchuser@" + SERVER_IP, "true").output();
    }

    /** sshd -e writes bare messages to stderr; the syslog header is what journald or rsyslog would prefix. */
    private static void forward(Process sshd, Path authLog, List<String> seen) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(sshd.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                seen.add(line);
                String entry = SYSLOG.format(ZonedDateTime.now()) + " sshd-host sshd[" + sshd.pid() + "]: " + line + "\n";
                Files.writeString(authLog, entry, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            // sshd was stopped.
        }
    }
}
