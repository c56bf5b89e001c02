package dev.clawdbot.siem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SiemTestCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FAIL = "Dec  7 19:44:38 web1 sshd[4121]: Failed password for root from 203.0.113.9 port 51234 ssh2";

    private record Run(int code, String out, String err) {
    }

    private static Run run(String stdin, String... args) {
        Clock clock = Clock.fixed(Instant.parse("2026-12-07T19:44:38Z"), ZoneOffset.UTC);
        CommandLine cl = new CommandLine(new SiemCommand(clock, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), () -> {
            throw new IllegalStateException("siem test must not open the database");
        }));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void textOutputHasTheThreePhasesLikeWazuhLogtest() {
        Run r = run(FAIL + "\n", "test");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("**Phase 1: Completed pre-decoding.", "\tfull event: '" + FAIL + "'",
                "\ttimestamp: 'Dec  7 19:44:38'", "\thostname: 'web1'", "\tprogram_name: 'sshd'",
                "**Phase 2: Completed decoding.", "\tname: 'sshd'", "\tparent: 'sshd'", "\tsrcip: '203.0.113.9'",
                "**Phase 3: Completed filtering (rules).", "\tid: '880102'", "\tlevel: '5'",
                "\tgroups: '[\"syslog\",\"sshd\",\"authentication_failed\",\"sshd_auth_failed\"]'", "**Alert to be generated.");
        assertThat(r.err()).contains("rules loaded").doesNotContain("problems");
    }

    @Test
    void jsonIsOneWazuhShapedObjectPerLineInOrder() throws IOException {
        Run r = run(FAIL + "\nno header at all\n", "test", "--json");
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.at("/rule/id").asText()).isEqualTo("880102");
        assertThat(first.at("/rule/level").asInt()).isEqualTo(5);
        assertThat(first.at("/rule/description").asText()).isEqualTo("sshd: authentication failed for 'root' from 203.0.113.9.");
        assertThat(first.at("/rule/groups/0").asText()).isEqualTo("syslog");
        assertThat(first.at("/rule/mitre/id/0").asText()).isEqualTo("T1110.001");
        assertThat(first.at("/decoder/name").asText()).isEqualTo("sshd");
        assertThat(first.at("/decoder/parent").asText()).isEqualTo("sshd");
        assertThat(first.at("/data/srcip").asText()).isEqualTo("203.0.113.9");
        assertThat(first.at("/data/srcuser").asText()).isEqualTo("root");
        assertThat(first.at("/predecoder/program_name").asText()).isEqualTo("sshd");
        assertThat(first.at("/full_log").asText()).isEqualTo(FAIL);
        JsonNode second = JSON.readTree(lines.get(1));
        assertThat(second.has("rule")).isFalse();
        assertThat(second.has("decoder")).isFalse();
        assertThat(second.at("/full_log").asText()).isEqualTo("no header at all");
    }

    @Test
    void frequencyCarriesAcrossASessionAndAnEmptyLineStartsANewOne() throws IOException {
        String six = (FAIL + "\n").repeat(6);
        List<String> same = run(six, "test", "--json").out().lines().toList();
        assertThat(JSON.readTree(same.get(5)).at("/rule/id").asText()).isEqualTo("880110");
        String split = (FAIL + "\n").repeat(3) + "\n" + (FAIL + "\n").repeat(3);
        List<String> two = run(split, "test", "--json").out().lines().toList();
        assertThat(two).hasSize(6);
        for (String l : two) assertThat(JSON.readTree(l).at("/rule/id").asText()).isEqualTo("880102");
    }

    @Test
    void rulesDirectoriesReplaceTheShippedSetAndProblemsGoToStderr(@TempDir Path dir) throws IOException {
        // A ruleset laid out like Wazuh's (decoders/ and rules/, a template rule below 10), written for this test.
        Files.createDirectories(dir.resolve("decoders"));
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("decoders/0010-ssh.xml"), """
                <decoder name="sshd">
                  <program_name>^sshd</program_name>
                </decoder>
                <decoder name="sshd-fail">
                  <parent>sshd</parent>
                  <prematch>^Failed \\S+ </prematch>
                  <regex offset="after_prematch">^for (\\S+) from (\\S+) port \\d+ \\w+$</regex>
                  <order>srcuser, srcip</order>
                </decoder>
                """);
        Files.writeString(dir.resolve("rules/0010-template.xml"), """
                <group name="syslog,">
                  <rule id="1" level="0" noalert="1"><category>syslog</category><description>Generic syslog template.</description></rule>
                </group>
                """);
        Files.writeString(dir.resolve("rules/0020-ssh.xml"), """
                <group name="syslog,sshd,">
                  <rule id="5700" level="0" noalert="1"><decoded_as>sshd</decoded_as><description>SSHD messages grouped.</description></rule>
                  <rule id="5716" level="5"><if_sid>5700</if_sid><match>^Failed|^error: PAM: Authentication</match>
                    <description>sshd: authentication failed.</description><group>authentication_failed,</group></rule>
                  <rule id="5799" level="3"><if_sid>5700</if_sid><check_if_ignored/><description>x</description></rule>
                </group>
                """);
        Run r = run(FAIL + "\n", "test", "--rules", dir.toString(), "--json");
        assertThat(r.code()).isZero();
        JsonNode a = JSON.readTree(r.out().lines().findFirst().orElseThrow());
        assertThat(a.at("/rule/id").asText()).isEqualTo("5716");
        assertThat(a.at("/rule/groups").toString()).isEqualTo("[\"syslog\",\"sshd\",\"authentication_failed\"]");
        assertThat(a.at("/data/srcuser").asText()).isEqualTo("root");
        assertThat(r.err()).contains("0020-ssh.xml:5: rule 5799 <check_if_ignored>: not supported; rule skipped")
                .contains("2 decoders, 3 rules loaded, 1 problems");
    }

    @Test
    void missingRulesDirectoryIsAUsageError(@TempDir Path dir) {
        Run r = run("", "test", "--rules", dir.resolve("nope").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("nope: not a directory");
    }
}
