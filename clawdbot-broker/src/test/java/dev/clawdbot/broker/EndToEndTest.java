package dev.clawdbot.broker;

import dev.clawdbot.broker.request.RequestState;
import dev.clawdbot.broker.request.RequestView;
import dev.clawdbot.broker.role.BrokerServices;
import dev.clawdbot.llm.testing.ScriptedRouter;
import dev.clawdbot.testkit.RecordingEvents;
import com.sun.net.httpserver.HttpServer;
import dev.clawdbot.broker.bridge.BridgeReceiver;
import dev.clawdbot.broker.bridge.WebhookSecret;
import dev.clawdbot.broker.email.MailFixture;
import dev.clawdbot.core.storage.Database;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole flow on real parts: a request file in the spool, assessment, the approval e-mail over SMTP,
 * the operator's reply read over IMAP, execution of exactly the approved action, and the outcome delivered
 * over the signed HTTP bridge into the user agent's inbox.
 */
class EndToEndTest {

    @TempDir
    Path dir;

    @Test
    void requestFileToOperatorEmailToExecutionToBridgeNote() throws Exception {
        Clock clock = Clock.systemUTC();
        RecordingEvents events = new RecordingEvents();
        String bridgeSecret = WebhookSecret.generate();
        List<String> inbox = new CopyOnWriteArrayList<>();
        Path target = dir.resolve("www/motd.txt");
        Path decoy = dir.resolve("www/decoy.txt");
        try (MailFixture mail = new MailFixture();
             Database userDb = Database.sqlite(dir.resolve("gateway.db"));
             Database brokerDb = Database.sqlite(dir.resolve("broker.db"))) {
            // The user agent's gateway: POST /bridge/{agent} into a BridgeInbox.
            BridgeReceiver receiver = BrokerServices.bridgeReceiver(new BridgeConfig(List.of(bridgeSecret), null, null, null, null), userDb,
                    (agent, note) -> inbox.add(agent + ": " + note.from() + ": " + note.session() + ": " + note.text() + " | quoted: " + note.quoted()), events, clock);
            HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            gateway.createContext("/bridge/", ex -> {
                Map<String, String> h = new HashMap<>();
                ex.getRequestHeaders().forEach((k, v) -> h.put(k, v.getFirst()));
                int status = receiver.handle(h, ex.getRequestBody().readAllBytes(), ex.getRequestURI().getPath().substring(8));
                ex.sendResponseHeaders(status, -1);
                ex.close();
            });
            gateway.start();
            BridgeConfig bridgeConfig = new BridgeConfig(List.of(bridgeSecret), null, null,
                    URI.create("http://127.0.0.1:" + gateway.getAddress().getPort()), null);

            OperatorEmailConfig emailConfig = mail.config(List.of("mx.clawdbot.example"));
            BrokerConfig config = new BrokerConfig(dir.resolve("spool"), null, null, null, WebhookSecret.generate(), null, emailConfig, bridgeConfig, null, null);
            ScriptedRouter model = ScriptedRouter.replying(p -> p.contains("operator reply") ? "{\"intent\":\"approve\"}" : "Writes a file.\nRISK: medium");
            try (BrokerServices services = BrokerServices.create(config, brokerDb, model, List.of(), events, clock)) {
                RequestBroker broker = services.broker();
                services.start();

                // The user agent files its request (temp file + rename, as the tool does).
                String json = """
                        {"requester":"dakota","summary":"Update the message of the day","rationale":"The old one mentions last week's outage.",
                         "actions":[{"type":"file","path":"%s","content":"All systems normal.\\n","mode":"0644"}],"urgency":"low",
                         "session":"agent:dakota:telegram:dm:7"}"""
                        .formatted(target.toString().replace("\\", "\\\\"));
                Files.createDirectories(dir.resolve("spool/inbox"));
                Files.writeString(dir.resolve("spool/inbox/.r1.tmp"), json);
                Files.move(dir.resolve("spool/inbox/.r1.tmp"), dir.resolve("spool/inbox/r1.json"));

                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> mail.mail.getReceivedMessagesForDomain("example.org").length == 1);
                MimeMessage ask = mail.mail.getReceivedMessagesForDomain("example.org")[0];
                String body = String.valueOf(ask.getContent());
                assertThat(body).contains("write file " + target);
                Matcher code = Pattern.compile("One-time code \\(keep it in your reply\\): (\\S+)").matcher(body);
                assertThat(code.find()).isTrue();
                // A forged approval for a different file must not run anything.
                Files.createDirectories(decoy.getParent());
                mail.reply("mallory@evil.example", "Re: " + ask.getSubject(), ask.getMessageID(), "yes " + code.group(1), "<forged@evil.example>", List.of());
                mail.reply(MailFixture.OPERATOR, "Re: " + ask.getSubject(), ask.getMessageID(),
                        "Yes, go ahead.\n\nOn Mon, Broker wrote:\n> " + body.replace("\n", "\n> "), "<op-reply@example.org>", List.of());

                Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> inbox.size() == 1);
                assertThat(inbox.getFirst()).startsWith("dakota: broker: agent:dakota:telegram:dm:7: Your request req_").contains("was approved and done. | quoted: ")
                        .contains("| quoted: Your summary: Update the message of the day");
                assertThat(Files.readString(target)).isEqualTo("All systems normal.\n");
                assertThat(Files.getPosixFilePermissions(target)).hasSize(4);
                assertThat(decoy).doesNotExist();
                RequestView r = broker.list().getFirst();
                assertThat(r.state()).isEqualTo(RequestState.DONE);
                assertThat(r.approvedBy()).isEqualTo("email:" + MailFixture.OPERATOR);
                assertThat(broker.executedActions(r.id())).isEqualTo(1);
                assertThat(events.ofType("broker.approval.rejected")).singleElement()
                        .satisfies(e -> assertThat(e.fields().get("reason")).isEqualTo("sender not allowlisted"));
                assertThat(events.ofType("bridge.delivered")).hasSize(1);
            } finally {
                gateway.stop(0);
            }
        }
    }
}
