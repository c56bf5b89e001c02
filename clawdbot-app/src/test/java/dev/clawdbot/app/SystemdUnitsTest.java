package dev.clawdbot.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The systemd units in {@code packaging/systemd}: each one passes {@code systemd-analyze verify} without a word,
 * carries the hardening the operations page promises, and stays under an exposure score from
 * {@code systemd-analyze security}.
 */
class SystemdUnitsTest {
    static final Path DIR = repoRoot().resolve("packaging/systemd");
    /** The units running the sandbox: serve (every role), the gateway role, and the split set's roles that build the agents. */
    static final List<String> SANDBOXED = List.of("clawdbot.service", "clawdbot-gateway.service", "split/clawdbot-broker.service",
            "split/clawdbot-bridge.service", "split/clawdbot-telegram.service", "split/clawdbot-gateway.service");
    /** The split set ({@code split/}): broker, bridge, telegram and the gateway each alone; with ops, siem, monitor of the default set. */
    static final List<String> SPLIT_ROLES = List.of("broker", "bridge", "telegram", "gateway");
    /** One unit per role {@code serve --roles} accepts, except the roles the gateway unit runs with the gateway. */
    static final List<String> ROLES = List.of("gateway", "ops", "siem", "monitor");
    /** The roles sharing the agents and the operator approvals: the gateway unit runs them in one process. */
    static final String GATEWAY_ROLES = "broker,bridge,telegram,gateway";

    static Path repoRoot() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent())
            if (Files.isDirectory(d.resolve("packaging/systemd"))) return d;
        throw new IllegalStateException("packaging/systemd not found above " + Path.of("").toAbsolutePath());
    }

    /** Directive name to its values in order (a directive may repeat), comments and section headers skipped. */
    static Map<String, List<String>> directives(String unit) throws IOException {
        Map<String, List<String>> d = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DIR.resolve(unit))) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("[")) continue;
            int eq = line.indexOf('=');
            d.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>()).add(line.substring(eq + 1));
        }
        return d;
    }

    static String one(Map<String, List<String>> d, String key) {
        assertThat(d.get(key)).as(key).hasSize(1);
        return d.get(key).getFirst();
    }

    @Test
    void oneUnitForServeAndOneForEachRoleAlone() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            assertThat(s.filter(Files::isRegularFile).map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("clawdbot.service",
                    "clawdbot-gateway.service", "clawdbot-ops.service", "clawdbot-siem.service",
                    "clawdbot-monitor.service");
        }
        assertThat(one(directives("clawdbot.service"), "ExecStart")).isEqualTo("/opt/clawdbot/bin/clawdbot serve");
        List<String> covered = new ArrayList<>();
        for (String role : ROLES) {
            Map<String, List<String>> d = directives("clawdbot-" + role + ".service");
            String roles = role.equals("gateway") ? GATEWAY_ROLES : role;
            assertThat(one(d, "ExecStart")).isEqualTo("/opt/clawdbot/bin/clawdbot serve --roles " + roles);
            covered.addAll(List.of(roles.split(",")));
            // the all-in-one unit and a role alone would share the data directory's database and ports
            assertThat(one(d, "Conflicts")).isEqualTo("clawdbot.service");
        }
        assertThat(covered).as("every role serve --roles accepts runs in one unit").containsExactlyInAnyOrderElementsOf(Server.ROLES);
    }

    /**
     * The alternative split set: {@code split/} replaces the combined gateway unit with one unit per role it ran, and
     * with the default set's ops, siem and monitor units still runs every role in exactly one unit.
     */
    @Test
    void theSplitSetRunsBrokerBridgeTelegramAndTheGatewayEachAloneAndEveryRoleOnce() throws IOException {
        try (Stream<Path> s = Files.list(DIR.resolve("split"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(
                    SPLIT_ROLES.stream().map(r -> "clawdbot-" + r + ".service").toList());
        }
        List<String> covered = new ArrayList<>();
        for (String role : SPLIT_ROLES) {
            Map<String, List<String>> d = directives("split/clawdbot-" + role + ".service");
            assertThat(one(d, "ExecStart")).isEqualTo("/opt/clawdbot/bin/clawdbot serve --roles " + role);
            assertThat(one(d, "Conflicts")).isEqualTo("clawdbot.service");
            covered.add(role);
        }
        for (String role : ROLES) {
            if (!role.equals("gateway")) covered.add(one(directives("clawdbot-" + role + ".service"), "ExecStart").substring(
                    "/opt/clawdbot/bin/clawdbot serve --roles ".length()));
        }
        assertThat(covered).as("every role serve --roles accepts runs in one unit of the split set").containsExactlyInAnyOrderElementsOf(Server.ROLES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"clawdbot.service", "clawdbot-gateway.service", "clawdbot-ops.service", "clawdbot-siem.service",
            "clawdbot-monitor.service", "split/clawdbot-broker.service", "split/clawdbot-bridge.service", "split/clawdbot-telegram.service",
            "split/clawdbot-gateway.service"})
    void everyUnitIsHardened(String unit) throws IOException {
        Map<String, List<String>> d = directives(unit);
        assertThat(one(d, "ProtectSystem")).isEqualTo("strict");
        assertThat(String.join(" ", d.get("ReadWritePaths"))).contains("/var/lib/clawdbot");
        assertThat(d.get("Environment")).contains("CLAWDBOT_DATA=/var/lib/clawdbot");
        for (String yes : List.of("NoNewPrivileges", "PrivateTmp", "PrivateDevices", "ProtectHome", "RestrictSUIDSGID",
                "ProtectKernelModules", "ProtectKernelLogs", "ProtectKernelTunables", "ProtectClock", "ProtectHostname",
                "LockPersonality", "RestrictRealtime"))
            assertThat(one(d, yes)).as(yes).isEqualTo("yes");
        assertThat(one(d, "UMask")).isEqualTo("0077");
        assertThat(one(d, "SystemCallArchitectures")).isEqualTo("native");
        assertThat(one(d, "AmbientCapabilities")).isEmpty();
        List<String> caps = List.of(one(d, "CapabilityBoundingSet").split(" "));
        assertThat(caps).isNotEmpty().doesNotContain("CAP_SYS_ADMIN", "CAP_SYS_PTRACE", "CAP_SYS_MODULE", "CAP_SETPCAP", "CAP_SYS_RAWIO");
        assertThat(List.of(one(d, "RestrictAddressFamilies").split(" "))).contains("AF_UNIX", "AF_INET", "AF_INET6")
                .doesNotContain("AF_PACKET", "AF_VSOCK");
        assertThat(d.get("SystemCallFilter").getFirst()).startsWith("@system-service");
        assertThat(one(d, "SystemCallErrorNumber")).isEqualTo("EPERM");
    }

    @ParameterizedTest
    @ValueSource(strings = {"clawdbot.service", "clawdbot-gateway.service", "split/clawdbot-broker.service", "split/clawdbot-bridge.service",
            "split/clawdbot-telegram.service", "split/clawdbot-gateway.service"})
    void sandboxedUnitsKeepWhatBubblewrapAsRootNeeds(String unit) throws IOException {
        Map<String, List<String>> d = directives(unit);
        // setpriv drops to the sandbox uid; the workspace is chowned to it
        assertThat(one(d, "CapabilityBoundingSet").split(" ")).contains("CAP_SETUID", "CAP_SETGID", "CAP_CHOWN", "CAP_KILL");
        assertThat(one(d, "RestrictNamespaces").split(" ")).containsExactlyInAnyOrder("user", "mnt", "pid", "net", "ipc", "uts", "cgroup");
        assertThat(one(d, "SystemCallFilter").split(" ")).contains("@mount");
        assertThat(one(d, "RestrictAddressFamilies").split(" ")).contains("AF_NETLINK");
        assertThat(one(d, "Delegate")).isEqualTo("yes");
        assertThat(one(d, "ProtectControlGroups")).isEqualTo("no");
        assertThat(d.get("ReadWritePaths")).contains("/sys/fs/cgroup");
    }

    @ParameterizedTest
    @ValueSource(strings = {"clawdbot-ops.service", "clawdbot-siem.service", "clawdbot-monitor.service"})
    void rolesWithoutASandboxGetNoNamespacesAndNoPrivilegedCalls(String unit) throws IOException {
        Map<String, List<String>> d = directives(unit);
        assertThat(one(d, "RestrictNamespaces")).isEqualTo("yes");
        assertThat(one(d, "ProtectControlGroups")).isEqualTo("yes");
        assertThat(d.get("SystemCallFilter")).containsExactly("@system-service", "~@privileged");
        assertThat(one(d, "CapabilityBoundingSet").split(" ")).doesNotContain("CAP_SETUID", "CAP_SETGID");
    }

    @Test
    void systemdAnalyzeVerifiesEveryUnitWithoutAWord(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")),
                "systemd-analyze not installed (apt-get install systemd); the units' syntax is not verified here");
        // verify also checks that ExecStart's program exists: point it at a copy of the real launcher
        Path bin = Files.createDirectories(tmp.resolve("opt/clawdbot/bin"));
        Files.copy(repoRoot().resolve("clawdbot-app/src/dist/bin/clawdbot"), bin.resolve("clawdbot"));
        assertThat(bin.resolve("clawdbot").toFile().setExecutable(true)).isTrue();
        List<Path> units = new ArrayList<>();
        try (Stream<Path> s = Files.list(DIR); Stream<Path> split = Files.list(DIR.resolve("split"))) {
            units.addAll(s.filter(Files::isRegularFile).toList());
            units.addAll(split.toList());
        }
        for (Path unit : units) {
            String name = DIR.relativize(unit).toString();
            // the split set's gateway unit has the default one's name: each set is verified in its own directory
            Path copy = Files.createDirectories(tmp.resolve(unit.getParent().equals(DIR) ? "default" : "split")).resolve(unit.getFileName());
            Files.writeString(copy, Files.readString(unit).replace("/opt/clawdbot/bin/", bin + "/"));
            Result r = run("systemd-analyze", "verify", copy.toString());
            assertThat(r.output()).as(name).isEmpty();
            assertThat(r.exit()).isZero();
            // exposure score (0 = fully confined, 10 = exposed): the sandbox needs namespaces and @mount
            double max = SANDBOXED.contains(name) ? 4.0 : 2.5;
            Result sec = run("systemd-analyze", "security", "--offline=true", "--no-pager", copy.toString());
            String marker = "Overall exposure level for " + copy.getFileName() + ": ";
            int at = sec.output().indexOf(marker);
            assertThat(at).as(sec.output()).isNotNegative();
            String score = sec.output().substring(at + marker.length()).split(" ")[0];
            assertThat(Double.parseDouble(score)).as(name).isLessThanOrEqualTo(max);
        }
    }

    @Test
    void aBrokenUnitIsReported(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze not installed");
        // the check above relies on verify printing problems while exiting 0; prove that it does here
        Path bad = tmp.resolve("bad.service");
        Files.writeString(bad, "[Service]\nExecStart=/bin/true\nProtectSystem=strcit\n");
        assertThat(run("systemd-analyze", "verify", bad.toString()).output()).contains("bad.service:3");
    }

    record Result(int exit, String output) {
    }

    static Result run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out.strip());
    }
}
