package dev.clawdbot.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clawdbot.broker.HostChangeRequest;
import dev.clawdbot.broker.ProposedAction;
import dev.clawdbot.broker.spool.RequestCodec;
import dev.clawdbot.core.chat.Caller;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.core.tool.ToolContext;
import dev.clawdbot.core.tool.ToolResult;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app registers channels' {@code mail_send}: an allowed recipient is mailed directly; anyone else becomes a
 * broker request carrying exactly that mail as a {@code mail} action, filed for the default agent. (Approval and
 * the single send are covered in the broker module's MailExecutionTest, with GreenMail.)
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
        Path yaml = dir.resolve("clawdbot.yaml");
        Files.writeString(yaml, """
                mail:
                  sendAllowed: [friend@example.org]
                  smtp: {host: 127.0.0.1, port: %d, startTls: false, from: dakota@clawdbot.example}
                """.formatted(smtp.port()) + (broker ? """
                broker:
                  spoolDir: %s
                  linkSecret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
                """.formatted(dir.resolve("spool")) : ""));
        Map<String, String> env = new HashMap<>();
        env.put("CLAWDBOT_CONFIG", yaml.toString());
        env.put("CLAWDBOT_DATA", dir.resolve("data").toString());
        Settings settings = Settings.resolve(null, null, env);
        Database db = Database.sqlite(dir.resolve("t.db"));
        open.add(db);
        Components c = Components.create(settings, db, EventSink.NONE, Clock.systemUTC());
        open.addAll(c.closeables());
        return c.tools().stream().filter(t -> t.spec().name().equals("mail_send")).findFirst().orElseThrow();
    }

    static ToolResult send(Tool tool, String to) throws Exception {
        var input = new ObjectMapper().createObjectNode().put("to", to).put("subject", "Lunch on Friday?").put("body", "Shall we?\nDakota");
        return tool.invoke(input, new ToolContext("dakota", "s1", new Caller("telegram", "42", "Op"), null, Duration.ofMinutes(1)));
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
    void withoutABrokerOtherRecipientsAreRefused() throws Exception {
        ToolResult r = send(mailSend(false), "stranger@example.org");
        assertThat(r.content()).contains("no approval channel is configured");
        assertThat(smtp.recipients).isEmpty();
    }

    /** Just enough of an SMTP server (RFC 5321 replies, dot-terminated DATA) to record who a message went to. */
    static final class SmtpSink implements AutoCloseable {
        final List<String> recipients = new CopyOnWriteArrayList<>();
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
            for (String line; (line = in.readLine()) != null; ) {
                String cmd = line.toUpperCase(java.util.Locale.ROOT);
                if (cmd.startsWith("EHLO") || cmd.startsWith("HELO")) reply(out, "250 sink");
                else if (cmd.startsWith("RCPT TO:")) {
                    recipients.add(line.substring(8).replaceAll("[<>\\s]", ""));
                    reply(out, "250 ok");
                } else if (cmd.startsWith("DATA")) {
                    reply(out, "354 go ahead");
                    for (String d; (d = in.readLine()) != null && !d.equals("."); ) {
                        // The message itself is not needed here.
                    }
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
