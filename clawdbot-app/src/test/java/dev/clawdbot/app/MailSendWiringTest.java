package dev.clawdbot.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clawdbot.broker.request.HostChangeRequest;
import dev.clawdbot.broker.request.ProposedAction;
import dev.clawdbot.broker.request.RequestCodec;
import dev.clawdbot.core.chat.Caller;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.core.tool.ToolContext;
import dev.clawdbot.core.tool.ToolResult;
import dev.clawdbot.testkit.llm.FakeModelServer;
import dev.clawdbot.testkit.telegram.FakeTelegramServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The app registers channels' {@code mail_send}: an allowed recipient is mailed directly; anyone else becomes a
 * broker request carrying exactly that mail as a {@code mail} action, filed for the default agent, and once the
 * operator approves that exact mail (its hash) the broker sends it, once. (The broker module's
 * MailExecutionTest covers the same with GreenMail and crashes; GreenMail is not on this module's classpath.)
 */
class MailSendWiringTest {

    @TempDir
    Path dir;
    final SmtpSink smtp = new SmtpSink();
    final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) c.close();
        smtp.close();
    }

    Tool mailSend(boolean broker) throws IOException {
        return tool(settings("""
                mail:
                  sendAllowed: [friend@example.org]
                  smtp: {host: 127.0.0.1, port: %d, startTls: false, from: dakota@clawdbot.example}
                """.formatted(smtp.port()) + (broker ? """
                broker:
                  spoolDir: %s
                  linkSecret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
                """.formatted(dir.resolve("spool")) : ""), Map.of()));
    }

    Settings settings(String yamlText, Map<String, String> extraEnv) throws IOException {
        Path yaml = dir.resolve("clawdbot.yaml");
        Files.writeString(yaml, yamlText);
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("CLAWDBOT_CONFIG", yaml.toString());
        env.put("CLAWDBOT_DATA", dir.resolve("data").toString());
        return Settings.resolve(null, null, env);
    }

    Tool tool(Settings settings) {
        Components.SandboxParts parts = Components.buildSandbox(settings, EventSink.NONE, Clock.systemUTC());
        open.add(parts);
        return parts.tools().stream().filter(t -> t.spec().name().equals("mail_send")).findFirst().orElseThrow();
    }

    static ToolResult send(Tool tool, String to) throws Exception {
        return send(tool, to, "dakota");
    }

    static ToolResult send(Tool tool, String to, String agent) throws Exception {
        var input = new ObjectMapper().createObjectNode().put("to", to).put("subject", "Lunch on Friday?").put("body", "Shall we?\nDakota");
        return tool.invoke(input, new ToolContext(agent, "s1", new Caller("telegram", "42", "Op"), null, Duration.ofMinutes(1)));
    }

    @Test
    void allowedRecipientsAreMailedAndOthersBecomeABrokerMailAction() throws Exception {
        Tool tool = mailSend(true);
        ToolResult direct = send(tool, "friend@example.org");
        assertThat(direct.content()).contains("Sent to friend@example.org");
        assertThat(smtp.recipients).containsExactly("friend@example.org");

        ToolResult filed = send(tool, "stranger@example.org");
        assertThat(filed.content()).contains("needs the operator's approval");
        assertThat(smtp.recipients).as("nothing sent to the stranger").containsExactly("friend@example.org");
        List<Path> inbox;
        try (var s = Files.list(dir.resolve("spool/inbox"))) {
            inbox = s.toList();
        }
        assertThat(inbox).hasSize(1);
        HostChangeRequest r = RequestCodec.parse(Files.readAllBytes(inbox.getFirst()));
        assertThat(r.requester()).isEqualTo("dakota");
        assertThat(r.rationale()).contains("telegram:42");
        assertThat(r.actions()).containsExactly(ProposedAction.mail(List.of("stranger@example.org"), null, "Lunch on Friday?", "Shall we?\nDakota"));
    }

    @Test
    void theRequestGoesBackToTheAgentWhoseToolAsked() throws Exception {
        Tool tool = mailSend(true);
        assertThat(send(tool, "stranger@example.org", "ops-helper").content()).contains("needs the operator's approval");
        try (var s = Files.list(dir.resolve("spool/inbox"))) {
            HostChangeRequest r = RequestCodec.parse(Files.readAllBytes(s.findFirst().orElseThrow()));
            assertThat(r.requester()).isEqualTo("ops-helper");
        }
    }

    @Test
    void theOperatorApprovesThatExactMailAndTheBrokerSendsItOnce() throws Exception {
        FakeTelegramServer telegram = new FakeTelegramServer();
        open.add(telegram);
        FakeModelServer model = FakeModelServer.start();
        open.add(model);
        model.enqueueText("A mail to a new recipient.\nRISK: medium");
        Settings settings = settings("""
                telegram:
                  botToken: "123456:test-token-abcdefghijklmnop"
                  apiBaseUrl: %s
                  allowFrom: [4242]
                adminBot:
                  botToken: "654321:admin-token-abcdefghijklmnop"
                  apiBaseUrl: %s
                  allowFrom: [4242]
                mail:
                  notifyChatId: 4242
                  sendAllowed: [friend@example.org]
                  smtp: {host: 127.0.0.1, port: %d, startTls: false, from: dakota@clawdbot.example}
                broker:
                  spoolDir: %s
                  linkSecret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
                  linkBaseUrl: https://clawdbot.example.org/
                  bridge:
                    secrets: [whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw]
                    spoolDir: %s
                  execution:
                    smtp: {host: 127.0.0.1, port: %d, startTls: false, from: dakota@clawdbot.example}
                """.formatted(telegram.baseUrl(), telegram.baseUrl(), smtp.port(), dir.resolve("spool"), dir.resolve("bridge"), smtp.port()),
                Map.of("CLAWDBOT_PORT", "0", "CLAWDBOT_GATEWAY_TOKEN", "mail-token-0123456789abcdef",
                        "CLAWDBOT_MODEL", "openai/fake-model", "OPENAI_BASE_URL", model.openAiBaseUrl()));
        Server server = new Server(settings, Clock.systemUTC()).start();
        open.add(server::close);

        assertThat(send(tool(settings), "stranger@example.org").content()).contains("needs the operator's approval");
        await().atMost(Duration.ofSeconds(30)).until(() -> telegram.calls("sendMessage").stream()
                .anyMatch(c -> c.param("text") != null && c.param("text").contains("Approval needed")));
        String text = telegram.calls("sendMessage").stream().map(c -> c.param("text")).filter(t -> t.contains("Approval needed")).findFirst().orElseThrow();
        assertThat(text).contains("stranger@example.org").contains("Lunch on Friday?").contains("Shall we?\\nDakota");
        assertThat(smtp.messages).as("nothing is sent before approval").isEmpty();

        String query = text.substring(text.indexOf("/broker/approve?") + "/broker/approve?".length()).strip().split("\\s")[0];
        ProposedAction expected = ProposedAction.mail(List.of("stranger@example.org"), null, "Lunch on Friday?", "Shall we?\nDakota");
        assertThat(query).contains("hash=" + RequestCodec.hash(List.of(expected)));
        String pageCode = text.substring(text.indexOf("page code: ") + "page code: ".length()).strip();
        query = query + "&code=" + pageCode;
        var approved = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + "/broker/approve"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(java.net.http.HttpRequest.BodyPublishers.ofString(query)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);

        Path events = dir.resolve("data/events/events.jsonl");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(events) && Files.readString(events).contains("\"to\":\"done\""));
        assertThat(smtp.messages).hasSize(1);
        SmtpSink.Received m = smtp.messages.getFirst();
        assertThat(m.recipients()).containsExactly("stranger@example.org");
        assertThat(m.data()).contains("Subject: Lunch on Friday?").contains("Shall we?\r\nDakota").contains("X-Clawdbot-Action: ");
    }

    @Test
    void withoutABrokerOtherRecipientsAreRefused() throws Exception {
        ToolResult r = send(mailSend(false), "stranger@example.org");
        assertThat(r.content()).contains("no approval channel is configured");
        assertThat(smtp.recipients).isEmpty();
    }

    /** Just enough of an SMTP server (RFC 5321 replies, dot-terminated DATA) to record who a message went to. */
    static final class SmtpSink implements AutoCloseable {
        record Received(List<String> recipients, String data) {
        }

        final List<String> recipients = new CopyOnWriteArrayList<>();
        final List<Received> messages = new CopyOnWriteArrayList<>();
        private final ServerSocket server;

        SmtpSink() {
            try {
                server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread.ofPlatform().daemon().start(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        session(s);
                    } catch (IOException e) {
                        // Client gone or server closed.
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        private void session(Socket s) throws IOException {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            reply(out, "220 sink ESMTP");
            List<String> rcpts = new ArrayList<>();
            for (String line; (line = in.readLine()) != null; ) {
                String cmd = line.toUpperCase(java.util.Locale.ROOT);
                if (cmd.startsWith("EHLO") || cmd.startsWith("HELO")) reply(out, "250 sink");
                else if (cmd.startsWith("RCPT TO:")) {
                    recipients.add(line.substring(8).replaceAll("[<>\\s]", ""));
                    rcpts.add(line.substring(8).replaceAll("[<>\\s]", ""));
                    reply(out, "250 ok");
                } else if (cmd.startsWith("DATA")) {
                    reply(out, "354 go ahead");
                    StringBuilder data = new StringBuilder();
                    for (String d; (d = in.readLine()) != null && !d.equals("."); ) data.append(d.startsWith("..") ? d.substring(1) : d).append("\r\n");
                    messages.add(new Received(List.copyOf(rcpts), data.toString()));
                    rcpts.clear();
                    reply(out, "250 queued");
                } else if (cmd.startsWith("QUIT")) {
                    reply(out, "221 bye");
                    return;
                } else reply(out, "250 ok");
            }
        }

        private static void reply(OutputStream out, String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
