package dev.clawdbot.sandbox;

import dev.clawdbot.testkit.RecordingEvents;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.core.chat.Caller;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.tool.ToolContext;
import dev.clawdbot.core.tool.ToolResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ElevatedExecTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ECHO = "/usr/bin/echo";

    @TempDir
    Path tmp;
    RecordingEvents sink;
    ElevatedExec tool;

    @BeforeEach
    void setUp() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("echo-link"), Path.of(ECHO));
        ElevatedPolicy policy = new ElevatedPolicy(Map.of("ops", List.of("http:alice")), List.of(
                new ElevatedPolicy.Rule("service-status", List.of("telegram:42", "group:ops"), ECHO, List.of("status", "re:[a-z0-9-]{1,32}")),
                new ElevatedPolicy.Rule("echo-n", List.of("telegram:42"), ECHO, List.of("-n", "re:[a-z]+")),
                new ElevatedPolicy.Rule("echo-anything", List.of("telegram:7"), ECHO, List.of("re:.+")),
                new ElevatedPolicy.Rule("linked", List.of("telegram:42"), link.toString(), List.of("re:[a-z]+")),
                new ElevatedPolicy.Rule("sleep", List.of("telegram:42"), "/usr/bin/sleep", List.of("re:[0-9]+")),
                new ElevatedPolicy.Rule("logs", List.of("telegram:9"), ECHO, List.of("re:/var/log/.+"))),
                Duration.ofMillis(800), null);
        sink = new RecordingEvents();
        tool = new ElevatedExec(policy, sink, Clock.systemUTC());
    }

    ToolResult run(Caller caller, String... argv) throws Exception {
        ObjectNode in = JSON.createObjectNode();
        ArrayNode a = in.putArray("argv");
        for (String s : argv) a.add(s);
        return tool.invoke(in, ctx(caller));
    }

    static ToolContext ctx(Caller caller) {
        return new ToolContext("agent", "s", caller, Path.of("/tmp"), Duration.ofMinutes(1));
    }

    static Caller tg(String peer) {
        return new Caller("telegram", peer, null);
    }

    Event last() {
        return sink.events.getLast();
    }

    @Test
    void allowlistedCallerRunsAllowlistedCommandAndIsAudited() throws Exception {
        ToolResult r = run(tg("42"), ECHO, "status", "nginx");
        assertThat(r.isError()).isFalse();
        assertThat(r.untrusted()).isTrue();
        assertThat(r.content()).isEqualTo("exit code: 0\n--- stdout ---\nstatus nginx\n");
        assertThat(last().type()).isEqualTo("elevated.exec");
        assertThat(last().level()).isEqualTo(8);
        assertThat(last().actor()).isEqualTo("telegram:42");
        assertThat(last().fields()).containsEntry("rule", "service-status").containsEntry("exit", 0).containsEntry("argc", 2);
    }

    @Test
    void groupMembersAreAllowed() throws Exception {
        assertThat(run(new Caller("http", "alice", null), ECHO, "status", "db").content()).contains("status db");
    }

    @Test
    void unknownCallerIsRefusedAndAlerted() throws Exception {
        ToolResult r = run(tg("43"), ECHO, "status", "nginx");
        assertThat(r.isError()).isTrue();
        assertThat(r.content()).isEqualTo("elevated_exec refused: caller telegram:43 is not on the elevated allowlist");
        assertThat(last().type()).isEqualTo("elevated.refused");
        assertThat(last().level()).isEqualTo(10);
        assertThat(last().fields()).containsEntry("reason", "caller_not_allowlisted");
    }

    @Test
    void spoofedSenderIdsAreRefused() throws Exception {
        // a display name, another channel with the same peer, case or whitespace variants: none is telegram:42
        assertThat(run(new Caller("telegram", "99", "telegram:42"), ECHO, "status", "x").content()).contains("caller telegram:99 is not");
        assertThat(run(new Caller("http", "42", null), ECHO, "status", "x").content()).contains("caller http:42 is not");
        assertThat(run(new Caller("Telegram", "42", null), ECHO, "status", "x").content()).contains("caller Telegram:42 is not");
        assertThat(run(tg("42 "), ECHO, "status", "x").content()).contains("is not on the elevated allowlist");
        assertThat(run(tg("042"), ECHO, "status", "x").content()).contains("caller telegram:042 is not");
        assertThat(sink.types()).containsOnly("elevated.refused");
    }

    @Test
    void callerNamedInTheInputIsIgnoredAndRefused() throws Exception {
        ObjectNode in = JSON.createObjectNode().put("caller", "telegram:42");
        in.putArray("argv").add(ECHO).add("status").add("x");
        ToolResult r = tool.invoke(in, ctx(tg("99")));
        assertThat(r.content()).isEqualTo("elevated_exec refused: unknown field 'caller'; only argv is accepted (the caller comes from the channel)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nginx;id", "nginx; rm -rf /", "$(id)", "`id`", "nginx&&id", "nginx|id", "*", "ng?nx", "nginx id",
            "../../etc/shadow", "${HOME}", "nginx>out", "NGINX"})
    void smuggledShellSyntaxDoesNotMatch(String arg) throws Exception {
        ToolResult r = run(tg("42"), ECHO, "status", arg);
        assertThat(r.content()).isEqualTo("elevated_exec refused: rule service-status: argument 2 does not match [a-z0-9-]{1,32}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nginx\nid", "nginx\rid", "nginx\0id", "a\tb", "x\u001b[2J"})
    void controlCharactersAreRefused(String arg) throws Exception {
        assertThat(run(tg("42"), ECHO, "status", arg).content())
                .isEqualTo("elevated_exec refused: argument 2 contains a control character (newline, NUL, ...)");
    }

    @Test
    void optionsOnlyWhereTheRuleSpellsThemLiterally() throws Exception {
        assertThat(run(tg("42"), ECHO, "-n", "abc").content()).isEqualTo("exit code: 0\n--- stdout ---\nabc\n");
        assertThat(run(tg("42"), ECHO, "status", "--help").content())
                .isEqualTo("elevated_exec refused: rule service-status: argument 2 starts with '-', which only a literal pattern may allow");
        assertThat(run(tg("7"), ECHO, "-e").content())
                .isEqualTo("elevated_exec refused: rule echo-anything: argument 1 starts with '-', which only a literal pattern may allow");
    }

    @Test
    void doubleDashAndExtraArgumentsChangeTheCount() throws Exception {
        assertThat(run(tg("42"), ECHO, "--", "status", "x").content())
                .isEqualTo("elevated_exec refused: rule service-status: expects 2 argument(s), got 3");
        assertThat(run(tg("42"), ECHO, "status", "x", "extra").content()).contains("expects 2 argument(s), got 3");
    }

    @Test
    void noShellInterpretsTheArguments() throws Exception {
        ToolResult r = run(tg("7"), ECHO, "$(id) `id` ; * ~");
        assertThat(r.content()).isEqualTo("exit code: 0\n--- stdout ---\n$(id) `id` ; * ~\n");
    }

    @Test
    void relativeProgramIsRefused() throws Exception {
        assertThat(run(tg("42"), "echo", "status", "x").content())
                .isEqualTo("elevated_exec refused: the program must be an absolute path; relative names and PATH lookup are refused");
        assertThat(run(tg("42"), "./echo", "status", "x").content()).contains("must be an absolute path");
    }

    /** Issue 11 item 9: {@code re:/var/log/.+} admitted {@code /var/log/../../etc/shadow}. */
    @Test
    void pathArgumentsAreNormalizedBeforeMatchingAndDotDotIsRefused() throws Exception {
        assertThat(run(tg("9"), ECHO, "/var/log/syslog").content()).isEqualTo("exit code: 0\n--- stdout ---\n/var/log/syslog\n");
        assertThat(run(tg("9"), ECHO, "/var/log/../../etc/shadow").content())
                .isEqualTo("elevated_exec refused: rule logs: argument 1 contains a '..' path segment; paths may not climb out of what the rule allows");
        assertThat(run(tg("9"), ECHO, "/var/log/..").content()).contains("contains a '..' path segment");
        assertThat(run(tg("9"), ECHO, "/var/log//x").content())
                .isEqualTo("elevated_exec refused: rule logs: argument 1 is not a normalized path (no '.' segments or '//')");
        assertThat(run(tg("9"), ECHO, "/var/log/./x").content()).contains("is not a normalized path");
        assertThat(last().fields()).containsEntry("reason", "arguments_not_allowed");
    }

    @Test
    void unnormalizedProgramPathsAreRefused() throws Exception {
        assertThat(run(tg("42"), "/usr/bin/../bin/echo", "status", "x").content())
                .isEqualTo("elevated_exec refused: the program path must be normalized (no '.', '..' or '//')");
        assertThat(run(tg("42"), "/usr//bin/echo", "status", "x").content()).contains("must be normalized");
        assertThat(run(tg("42"), "/usr/./bin/echo", "status", "x").content()).contains("must be normalized");
    }

    @Test
    void symlinkedBinaryIsRefusedEvenWhenTheRuleNamesIt() throws Exception {
        assertThat(run(tg("42"), tmp.resolve("echo-link").toString(), "abc").content())
                .isEqualTo("elevated_exec refused: " + tmp.resolve("echo-link") + " is or passes through a symbolic link (resolves to "
                        + ECHO + "); rules must name the real binary");
    }

    @Test
    void otherProgramsAreRefused() throws Exception {
        assertThat(run(tg("42"), "/usr/bin/id").content()).isEqualTo("elevated_exec refused: no elevated rule allows /usr/bin/id for telegram:42");
    }

    @Test
    void runawayCommandIsKilledAtTheTimeout() throws Exception {
        ToolResult r = run(tg("42"), "/usr/bin/sleep", "30");
        assertThat(r.isError()).isTrue();
        assertThat(r.content()).startsWith("exit code: 137 (timed out after");
        assertThat(last().fields()).containsEntry("timedOut", true);
    }

    @Test
    void eventsCarryNoArgumentText() throws Exception {
        run(tg("42"), ECHO, "status", "secret-token-value");
        run(tg("1"), ECHO, "status", "another-secret");
        for (Event e : sink.events) assertThat(e.fields().values().toString()).doesNotContain("secret");
    }

    @Test
    void policyValidationNamesTheKey() {
        assertThatThrownBy(() -> new ElevatedPolicy.Rule("r", List.of("telegram:1"), "echo", List.of()))
                .hasMessage("sandbox.elevated.rules[r].program must be an absolute, normalized path, was 'echo'");
        assertThatThrownBy(() -> new ElevatedPolicy.Rule("r", List.of("telegram:1"), "/bin/echo", List.of("re:(")))
                .hasMessageStartingWith("sandbox.elevated.rules[r].args: invalid regex '('");
        assertThatThrownBy(() -> new ElevatedPolicy(null, List.of(new ElevatedPolicy.Rule("r", List.of("group:admins"), "/bin/echo", null)), null, null))
                .hasMessage("sandbox.elevated.rules[0].callers: unknown group 'admins'");
        assertThatThrownBy(() -> new ElevatedPolicy(null, List.of(new ElevatedPolicy.Rule("r", List.of("42"), "/bin/echo", null)), null, null))
                .hasMessage("sandbox.elevated.rules[0].callers: '42' is not a caller id of the form channel:peer");
    }
}
