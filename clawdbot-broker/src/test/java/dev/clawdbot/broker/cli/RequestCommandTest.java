package dev.clawdbot.broker.cli;

import dev.clawdbot.broker.BrokerFixture;
import dev.clawdbot.broker.request.RequestState;
import dev.clawdbot.broker.request.RequestView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RequestCommandTest {

    @TempDir
    Path dir;
    BrokerFixture f;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    @BeforeEach
    void open() {
        f = new BrokerFixture(dir);
        f.open();
    }

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    int run(String stdin, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cl = new CommandLine(new RequestCommand(() -> f.broker,
                () -> new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), "cli:root"));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void submitListShowApprove() {
        String json = """
                {"requester":"ops","summary":"Restart php-fpm","rationale":"stuck workers",
                 "actions":[{"type":"command","argv":["systemctl","restart","php-fpm"]}],"urgency":"high"}""";
        assertThat(run(json, "submit", "-")).isZero();
        assertThat(out.toString()).startsWith("req-");
        f.broker.runOnce();
        RequestView r = f.only();
        assertThat(run("", "list", "--state", "awaiting_operator")).isZero();
        assertThat(out.toString()).contains(r.id()).contains("awaiting_operator").contains("Restart php-fpm");
        assertThat(run("", "show", r.token())).isZero();
        assertThat(out.toString()).contains("[action 1 of 1] run systemctl restart php-fpm\n  [end of action 1 of 1]").contains("hash:      " + r.actionHash()).contains("history:")
                .contains("transcripts: 1 (--transcripts to print)");
        assertThat(run("", "show", r.id(), "--transcripts")).isZero();
        assertThat(out.toString()).contains("[broker-request ").contains("RISK: low").contains("untrusted", "UNTRUSTED");
        assertThat(run("", "approve", r.id())).as("the hash is required").isEqualTo(2);
        assertThat(run("", "approve", r.id(), "--hash", "deadbeef")).isEqualTo(1);
        assertThat(err.toString()).contains("do not match hash deadbeef");
        assertThat(run("", "approve", r.id(), "--hash", r.actionHash().substring(0, 8))).isZero();
        assertThat(run("", "deny", r.id())).as("first answer wins").isEqualTo(1);
        f.broker.runOnce();
        assertThat(f.only().state()).isEqualTo(RequestState.DONE);
        assertThat(f.only().approvedBy()).isEqualTo("cli:root");
    }

    @Test
    void invalidSubmissionsAreUsageErrorsWithTheReason() {
        assertThat(run("{\"requester\":\"ops\",\"summary\":\"x\",\"rationale\":\"y\",\"actions\":[]}", "submit", "-")).isEqualTo(2);
        assertThat(err.toString()).contains("actions must list at least one action");
        assertThat(run("", "submit", dir.resolve("missing.json").toString())).isEqualTo(2);
        assertThat(run("", "list", "--state", "bogus")).isEqualTo(2);
        assertThat(run("", "show", "req_nope")).isEqualTo(1);
        assertThat(run("", "cancel", "req_nope")).isEqualTo(1);
    }
}
