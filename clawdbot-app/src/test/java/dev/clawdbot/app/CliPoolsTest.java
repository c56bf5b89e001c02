package dev.clawdbot.app;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every one-shot command that opens the database owns and closes it (issue 12): when the command returns, no file
 * of its data dir is left open by this JVM (see {@link AdminCliTest}). On an empty data dir the listings also say
 * that they found nothing, in one line.
 */
class CliPoolsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            sessions list              | 0 | no sessions
            sessions withheld          | 0 | no withheld content
            sessions quarantined       | 0 | no quarantined turns
            sessions doctor            | 0 | no problems found
            request list               | 0 | no requests
            request list --state denied | 0 | no requests in state
            request runs               | 0 | no admin runs without a request
            request show r-missing     | 1 | no request or admin run r-missing
            pairing list               | 0 | No pending pairing requests.
            pairing revoke 42          | 1 | was not approved by pairing
            secrets list               | 0 | gateway.token
            secrets due                | 0 | no secrets due within 14 days
            secrets checklist nope     | 1 | no secret named nope
            ops jobs                   | 0 | secret-rotation
            ops runs                   | 0 | no runs
            ops run secret-rotation    | 0 | secret-rotation: SUCCEEDED
            monitors list              | 0 | no monitors
            monitors history nope      | 2 | no monitor nope
            monitors windows list      | 0 | no maintenance windows
            monitors windows delete nope | 2 | no stored maintenance window nope
            siem alerts                | 0 | no alerts since
            siem blocks list           | 0 | no active blocks
            siem digest                | 0 | ''
            hosts check web1           | 1 | UNREACHABLE
            tokens list                | 0 | No API tokens.
            """)
    void theCommandClosesWhatItOpened(String command, int exit, String says) throws Exception {
        Path data = dir.resolve("data");
        Map<String, String> env = Map.of("CLAWDBOT_CONFIG", config().toString(), "CLAWDBOT_DATA", data.toString());
        String[] args = command.split(" ");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Main.commandLine(new Main(env, Clock.systemUTC()), args);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));

        assertThat(cl.execute(args)).as(out + "\n" + err).isEqualTo(exit);
        assertThat(out + "\n" + err).contains(says);
        assertThat(AdminCliTest.openFilesUnder(data)).as("files left open by " + command).isEmpty();
    }

    private Path config() throws Exception {
        Path key = Files.writeString(dir.resolve("id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----\nnot-a-key\n-----END OPENSSH PRIVATE KEY-----\n");
        return Files.writeString(dir.resolve("clawdbot.yaml"), AdminCliTest.brokerSection(dir) + """
                hosts:
                  web1:
                    address: 127.0.0.1
                    port: 1
                    user: ops
                    privateKeyFile: %s
                """.formatted(key));
    }
}
