package dev.clawdbot.app;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.clawdbot.broker.BridgeConfig;
import dev.clawdbot.broker.role.BrokerServices;
import dev.clawdbot.testkit.llm.FakeModelServer;
import dev.clawdbot.testkit.telegram.FakeTelegramServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The broker, bridge and telegram roles: each starts and stops alone ({@code serve --roles NAME}) against real
 * servers (GreenMail, the fake Telegram Bot API, the fake model, the real HTTP gateway afterwards), and
 * {@code serve} starts every role in order and, when a later role fails to start, closes the earlier ones:
 * the HTTP port is free again and no role thread is left.
 */
class ServerRolesTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String TOKEN = "roles-token-0123456789abcdef";
    static final long USER = 1001L;
    static final long OPERATOR = 4242L;
    /** Thread name prefixes of the broker, bridge and telegram roles (RequestBroker, SpoolIntake, SpoolDrainer, BotRuntime, OutboundQueue). */
    static final List<String> ROLE_THREADS = List.of("broker", "bridge-", "telegram-");

    @TempDir
    Path dir;
    FakeModelServer model;
    FakeTelegramServer userBot;
    FakeTelegramServer adminBot;
    GreenMail mail;
    Server server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
        if (userBot != null) userBot.close();
        if (adminBot != null) adminBot.close();
        if (mail != null) mail.stop();
        if (model != null) model.close();
    }

    /** Role threads alive before this test (another test class's server still ending its daemons); this test adds none. */
    long baseline = roleThreadCount();

    static long roleThreadCount() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> ROLE_THREADS.stream().anyMatch(p -> t.getName().startsWith(p))).count();
    }

    /** Whether this test's roles left no thread behind. */
    boolean noRoleThreadLeft() {
        return roleThreadCount() <= baseline;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }

    Map<String, String> env(String yaml, int port) throws IOException {
        Path file = Files.writeString(dir.resolve("clawdbot.yaml"), yaml);
        Map<String, String> env = GatewayEnv.of(dir, TOKEN, model, file);
        env.put("CLAWDBOT_PORT", Integer.toString(port));
        return env;
    }

    Server start(Map<String, String> env, String... roles) {
        return new Server(Settings.resolve(null, null, env), Clock.systemUTC(), Set.of(roles)).start();
    }

    @Test
    void theTelegramRoleAloneAnswersAUserThroughTheAgentsWithoutTheGatewayPortAndStopsItsThreads() throws Exception {
        model = FakeModelServer.start();
        userBot = new FakeTelegramServer();
        int port = freePort();
        server = start(env("""
                telegram:
                  botToken: "123456:test-token-abcdefghijklmnop"
                  apiBaseUrl: %s
                  allowFrom: [%d]
                """.formatted(userBot.baseUrl(), USER), port), "telegram");
        assertThat(server.startOrder()).containsExactly("telegram", "agents");
        assertThat(server.listens()).isFalse();
        assertThat(portFree(port)).as("the gateway's port stays free").isTrue();

        model.enqueueText("hello from the agent");
        userBot.pushText(USER, "hi");
        await().atMost(Duration.ofSeconds(30)).until(() -> userBot.calls("sendMessage").stream()
                .anyMatch(c -> "hello from the agent".equals(c.param("text"))));

        server.close();
        server = null;
        await().atMost(Duration.ofSeconds(30)).until(this::noRoleThreadLeft);
    }

    @Test
    void theTelegramRoleAloneRefusesWebhookModeNamingTheKey() throws Exception {
        model = FakeModelServer.start();
        Map<String, String> env = env("""
                telegram:
                  botToken: "123456:test-token-abcdefghijklmnop"
                  mode: webhook
                  webhookUrl: https://bot.example.org/telegram
                  webhookSecret: s3cret-s3cret-s3cret-0
                  allowFrom: [%d]
                """.formatted(USER), freePort());
        assertThatThrownBy(() -> start(env, "telegram")).hasMessageContaining("telegram.mode: webhook needs the gateway role");
        await().atMost(Duration.ofSeconds(30)).until(this::noRoleThreadLeft);
    }

    @Test
    void theBridgeRoleAloneDrainsTheSpoolIntoTheSessionThatTheGatewayLaterReads() throws Exception {
        model = FakeModelServer.start();
        int port = freePort();
        Map<String, String> env = env(TestYaml.brokerWithBridge(dir.resolve("spool"), SECRET, dir.resolve("bridge-spool")), port);
        server = start(env, "bridge");
        assertThat(server.startOrder()).containsExactly("bridge", "agents");
        assertThat(portFree(port)).isTrue();

        BrokerServices.bridgeSender(new BridgeConfig(List.of(SECRET), null, null, null, dir.resolve("bridge-spool")), Clock.systemUTC(), "broker")
                .send("dakota", "Request R-7 was approved and done.", "R-7");
        Path events = dir.resolve("data/events/events.jsonl");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(events) && Files.readString(events).contains("\"bridge.delivered\""));
        server.close();
        server = null;
        await().atMost(Duration.ofSeconds(30)).until(this::noRoleThreadLeft);

        server = start(env, "gateway");
        assertThat(server.startOrder()).containsExactly("agents", "gateway");
        model.enqueueText("noted");
        var body = "{\"model\":\"default\",\"user\":\"op\",\"messages\":[{\"role\":\"user\",\"content\":\"any news?\"}]}";
        try (HttpClient http = HttpClient.newHttpClient()) {
            var resp = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/chat/completions"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
        }
        assertThat(model.lastRequest().json().path("messages").path(0).path("content").asText()).contains("Request R-7 was approved and done.");
    }

    @Test
    void theBrokerRoleAloneAsksTheOperatorByMailAndStopsItsThreads() throws Exception {
        model = FakeModelServer.start();
        mail = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[]{ServerSetupTest.SMTP, ServerSetupTest.IMAP}));
        mail.start();
        mail.setUser("ops@example.org", "ops@example.org", "app-password-1");
        int port = freePort();
        server = start(env("""
                broker:
                  spoolDir: %s
                  linkSecret: %s
                  linkBaseUrl: https://clawdbot.example.org/
                  email:
                    smtpHost: 127.0.0.1
                    smtpPort: %d
                    smtpTls: false
                    imapHost: 127.0.0.1
                    imapPort: %d
                    imapSsl: false
                    username: ops@example.org
                    password: app-password-1
                    from: ops@example.org
                    operators: [boss@example.org]
                  bridge:
                    secrets: [%s]
                    spoolDir: %s
                """.formatted(dir.resolve("spool"), SECRET, mail.getSmtp().getPort(), mail.getImap().getPort(), SECRET, dir.resolve("bridge")), port),
                "broker");
        assertThat(server.startOrder()).containsExactly("broker", "agents");
        assertThat(server.listens()).isFalse();
        assertThat(portFree(port)).isTrue();

        model.enqueueText("RISK: low. It writes one file in a scratch directory.");
        fileRequest(dir.resolve("approved.txt"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Arrays.stream(mail.getReceivedMessages())
                .anyMatch(m -> recipients(m).contains("boss@example.org")));
        assertThat(dir.resolve("approved.txt")).as("nothing runs before the operator approves").doesNotExist();

        server.close();
        server = null;
        await().atMost(Duration.ofSeconds(30)).until(this::noRoleThreadLeft);
    }

    /** The TelegramApprovalTest set-up: user bot, admin bot as the broker's operator channel, a same-host bridge spool. */
    String everyRole(String extra) {
        return """
                telegram:
                  botToken: "123456:test-token-abcdefghijklmnop"
                  apiBaseUrl: %s
                  allowFrom: [%d]
                adminBot:
                  botToken: "654321:admin-token-abcdefghijklmnop"
                  apiBaseUrl: %s
                  allowFrom: [%d]
                broker:
                  spoolDir: %s
                  linkSecret: %s
                  linkBaseUrl: https://clawdbot.example.org/
                  bridge:
                    secrets: [%s]
                    spoolDir: %s
                """.formatted(userBot.baseUrl(), USER, adminBot.baseUrl(), OPERATOR, dir.resolve("spool"), SECRET, SECRET,
                dir.resolve("bridge")) + extra;
    }

    @Test
    void serveStartsEveryRoleInOrderAndTheBrokerAsksThroughTheAdminBotOfTheTelegramRole() throws Exception {
        model = FakeModelServer.start();
        userBot = new FakeTelegramServer();
        adminBot = new FakeTelegramServer();
        server = new Server(Settings.resolve(null, null, env(everyRole(""), 0)), Clock.systemUTC()).start();
        assertThat(server.startOrder()).containsExactly("broker", "bridge", "telegram", "agents", "gateway", "siem", "ops", "monitor");
        assertThat(server.listens()).isTrue();

        model.enqueueText("RISK: low. It writes one file in a scratch directory.");
        fileRequest(dir.resolve("approved.txt"));
        await().atMost(Duration.ofSeconds(30)).until(() -> adminBot.calls("sendMessage").stream()
                .anyMatch(c -> c.param("text") != null && c.param("text").contains("Approval needed")));
    }

    @Test
    void aLaterRoleFailingToStartClosesTheEarlierOnesTheHttpPortIsFreeAndNoRoleThreadIsLeft() throws Exception {
        model = FakeModelServer.start();
        userBot = new FakeTelegramServer();
        adminBot = new FakeTelegramServer();
        int port = freePort();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // siem starts after broker, bridge, telegram and the gateway: its syslog port is taken, so its start fails.
            Map<String, String> env = env(everyRole("""
                    siem:
                      syslog:
                        enabled: true
                        udpPort: 0
                        tcpPort: %d
                    """.formatted(taken.getLocalPort())), port);
            assertThatThrownBy(() -> new Server(Settings.resolve(null, null, env), Clock.systemUTC()).start())
                    .hasMessageContaining("siem.syslog: cannot listen");
        }
        String events = Files.readString(dir.resolve("data/events/events.jsonl"));
        assertThat(events).as("the gateway had started before siem failed").contains("\"http.started\"");
        assertThat(userBot.calls("getMe")).as("the telegram role had started").isNotEmpty();
        assertThat(adminBot.calls("getMe").size() + adminBot.calls("getUpdates").size() + adminBot.calls("deleteWebhook").size())
                .as("the admin bot had started").isPositive();

        assertThat(portFree(port)).as("the HTTP port is free again").isTrue();
        await().atMost(Duration.ofSeconds(30)).until(this::noRoleThreadLeft);
        int polls = userBot.calls("getUpdates").size();
        Thread.sleep(1_500);
        assertThat(userBot.calls("getUpdates")).as("the user bot polls no more").hasSize(polls);
    }

    /** A request file in the broker's spool inbox, written the way the agent's tool writes it (temp file, then move). */
    void fileRequest(Path target) throws IOException {
        String request = """
                {"requester":"dakota","summary":"write a file","rationale":"The user asked for it.","urgency":"normal",
                 "actions":[{"type":"file","operation":"write","path":"%s","content":"approved content"}]}
                """.formatted(target.toString().replace("\\", "\\\\"));
        Path inbox = Files.createDirectories(dir.resolve("spool/inbox"));
        Path tmp = inbox.resolve(".req-1.json.tmp");
        Files.writeString(tmp, request);
        Files.move(tmp, inbox.resolve("req-1.json"));
    }

    static List<String> recipients(MimeMessage m) {
        try {
            return Arrays.stream(m.getAllRecipients()).map(Object::toString).toList();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
