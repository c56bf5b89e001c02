package dev.clawdbot.broker;

import dev.clawdbot.broker.request.ProposedAction;
import dev.clawdbot.broker.request.RequestView;
import dev.clawdbot.broker.role.BrokerServices;
import dev.clawdbot.core.approval.ApprovalMessage;
import dev.clawdbot.core.approval.OperatorChannel;
import dev.clawdbot.llm.testing.ScriptedRouter;
import dev.clawdbot.testkit.MutableClock;
import dev.clawdbot.testkit.RecordingEvents;
import dev.clawdbot.broker.admin.AdminRunner;
import dev.clawdbot.broker.admin.AdminTrigger;
import dev.clawdbot.broker.bridge.WebhookSecret;
import dev.clawdbot.broker.cli.RequestCommand;
import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every admin-agent run keeps its full transcript: with the request it serves, or as its own record; request show prints both. */
class AdminRunTranscriptTest {

    @TempDir
    Path dir;
    Database db;
    BrokerServices services;
    BrokerConfig config;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    @BeforeEach
    void open() {
        db = Database.sqlite(dir.resolve("broker.db"));
        String secret = WebhookSecret.generate();
        config = new BrokerConfig(dir.resolve("spool"), null, null, null, secret, null, null,
                new BridgeConfig(List.of(secret), null, null, null, dir.resolve("bridge")), null, Duration.ofSeconds(30));
        OperatorChannel none = new OperatorChannel() {
            @Override
            public String name() {
                return "none";
            }

            @Override
            public void send(ApprovalMessage notice) {
            }
        };
        services = BrokerServices.create(config, db, ScriptedRouter.replying(p -> "Disk usage on / is 41%."), List.of(none), new RecordingEvents(), clock);
    }

    @AfterEach
    void close() throws Exception {
        services.close();
        db.close();
    }

    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cl = new CommandLine(new RequestCommand(services::broker, () -> new ByteArrayInputStream(new byte[0]), "cli:root"));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void aRunThatServesNoRequestIsItsOwnRecordAndShowPrintsIt() throws Exception {
        AdminRunner.AdminRun run = services.runAdmin(AdminTrigger.ADMIN_BOT, "Operator telegram:4242 asks:\nhow full is the disk?", null);
        assertThat(run.finalText()).isEqualTo("Disk usage on / is 41%.");
        assertThat(run("runs")).isZero();
        assertThat(out.toString()).contains("[admin-bot 2026-11-23T10:00:00Z run " + run.runId() + "]");
        assertThat(run("show", run.runId())).isZero();
        assertThat(out.toString()).startsWith("[admin-bot 2026-11-23T10:00:00Z run " + run.runId() + "]")
                .contains("how full is the disk?").contains("Disk usage on / is 41%.");
        assertThat(run("show", "adm_nothere")).isEqualTo(1);
        assertThat(err.toString()).contains("no request or admin run adm_nothere");
        assertThat(run("runs", "--limit", "0")).isEqualTo(2);
    }

    @Test
    void withoutAnOperatorChannelTheServicesServeOneShotCommandsButRefuseToRun() throws Exception {
        try (BrokerServices cli = BrokerServices.create(config, db, ScriptedRouter.replying(p -> "x"), List.of(), new RecordingEvents(), clock)) {
            assertThat(cli.broker().list()).isEmpty();
            org.assertj.core.api.Assertions.assertThatThrownBy(cli::start).hasMessageContaining("no operator channel: set broker.email or adminBot");
        }
    }

    @Test
    void aRunThatServesARequestIsKeptWithIt() throws Exception {
        services.broker().submit(BrokerFixture.request(ProposedAction.command("systemctl", "status", "nginx")));
        services.broker().runOnce();
        RequestView r = services.broker().list().getFirst();
        AdminRunner.AdminRun run = services.runAdmin(AdminTrigger.OPERATOR_EMAIL, "check nginx for " + r.id(), r.id());
        assertThat(run("show", r.id(), "--transcripts")).isZero();
        assertThat(out.toString()).contains("transcripts: 2").contains("[broker-request ")
                .contains("[operator-email 2026-11-23T10:00:00Z run " + run.runId() + "]").contains("check nginx for " + r.id());
        assertThat(run("runs")).isZero();
        assertThat(out.toString()).as("a run kept with a request is not listed as unattached").doesNotContain(run.runId());
    }
}
