package dev.clawdbot.siem.syslog;

import dev.clawdbot.siem.rules.Analysis;
import dev.clawdbot.siem.rules.Analyzer;
import dev.clawdbot.siem.rules.Ruleset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The syslog listener with util-linux {@code logger} as the real peer, and hostile raw TCP input. */
class SyslogListenerTest {

    private SyslogListener listener;
    private int port;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<String> locations = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        if (listener != null) listener.close();
    }

    private void listen(int maxConnections, int maxMessage) throws IOException {
        try (ServerSocket s = new ServerSocket(0); DatagramSocket d = new DatagramSocket(s.getLocalPort())) {
            port = s.getLocalPort();
        }
        listener = new SyslogListener(new SyslogConfig(true, "127.0.0.1", port, port, maxConnections, maxMessage), (l, loc) -> {
            lines.add(l);
            locations.add(loc);
        });
        listener.start();
    }

    private void logger(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/logger", "--server", "127.0.0.1", "--port", String.valueOf(port)));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Test
    void loggerOverUdpAndTcpInEveryFramingReachesTheRules() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/logger")), "util-linux logger is not installed");
        listen(64, 65_536);
        String msg = "Failed password for root from 203.0.113.9 port 51234 ssh2";
        logger("--udp", "--tag", "sshd", "--id=4121", msg);
        logger("--tcp", "--tag", "sshd", "--id=4121", msg);
        logger("--tcp", "--octet-count", "--tag", "sshd", "--id=4121", "--sd-id", "origin@32473", "--sd-param", "note=\"a \\] b\"", msg);
        logger("--tcp", "--rfc3164", "--tag", "sshd", "--id=4121", msg);
        await().atMost(Duration.ofSeconds(20)).until(() -> lines.size() == 4);
        Analyzer analyzer = new Analyzer(Ruleset.shipped(), Clock.systemUTC(), ZoneOffset.UTC);
        for (String l : lines) {
            assertThat(l).endsWith(" sshd[4121]: " + msg);
            Analysis a = analyzer.analyze(l, "syslog");
            assertThat(a.ruleId()).as(l).isEqualTo(880102);
            assertThat(a.fields()).containsEntry("srcip", "203.0.113.9");
        }
        assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\S+ \\S+ sshd\\[4121\\]: .*");
        assertThat(lines.get(3)).matches("[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\S+ sshd\\[4121\\]: .*");
        assertThat(locations).allMatch(l -> l.equals("syslog:127.0.0.1"));
    }

    @Test
    void hostileTcpInputIsCutRefusedOrClosedWithoutHoldingIt() throws Exception {
        listen(2, 1024);
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            byte[] junk = new byte[5 * 1024 * 1024];
            java.util.Arrays.fill(junk, (byte) 'A');
            out.write("<13>Dec  7 19:44:38 web1 app: ".getBytes(StandardCharsets.US_ASCII));
            out.write(junk);
            out.write("\n<13>Dec  7 19:44:39 web1 app: after the flood\n".getBytes(StandardCharsets.US_ASCII));
            // Octet counting: a count larger than what is kept is cut, the rest skipped.
            String head = "<13>Dec  7 19:44:40 web1 app: ";
            out.write(("2000 " + head + "B".repeat(2000 - head.length())).getBytes(StandardCharsets.US_ASCII));
            out.write("12 <13>x: short".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(20)).until(() -> lines.size() == 4);
        }
        assertThat(lines.get(0)).startsWith("Dec  7 19:44:38 web1 app: AAAA").hasSize(1024 - 4);
        assertThat(lines.get(1)).isEqualTo("Dec  7 19:44:39 web1 app: after the flood");
        assertThat(lines.get(2)).startsWith("Dec  7 19:44:40 web1 app: BBB").hasSize(1024 - 4);
        assertThat(lines.get(3)).isEqualTo("x: short");
        assertThat(listener.cut()).isEqualTo(2);

        // A count of more than 9 digits closes the connection.
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("99999999999 <13>x".getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout(10_000);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(listener.protocolErrors()).isEqualTo(1);

        // Two connections at most: a third is closed at once. The earlier connections are over first (the ones
        // this test closed itself end when the listener reads their EOF).
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.openConnections() == 0);
        try (Socket a = new Socket("127.0.0.1", port); Socket b = new Socket("127.0.0.1", port)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.openConnections() == 2);
            try (Socket c = new Socket("127.0.0.1", port)) {
                c.setSoTimeout(10_000);
                assertThat(c.getInputStream().read()).isEqualTo(-1);
            }
            assertThat(listener.refused()).isEqualTo(1);
            a.getOutputStream().write("<13>Dec  7 19:44:41 web1 app: still served\n".getBytes(StandardCharsets.US_ASCII));
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("Dec  7 19:44:41 web1 app: still served"));
        }
    }

    @Test
    void rfc5424WithoutAppOrTimestampAndControlCharactersStaysOneLine() {
        assertThat(SyslogMessage.toLine("<34>1 2026-12-07T19:44:38.003Z mymachine su - ID47 - \uFEFF'su root' failed on /dev/pts/8"))
                .isEqualTo("2026-12-07T19:44:38.003Z mymachine su: 'su root' failed on /dev/pts/8");
        assertThat(SyslogMessage.toLine("<165>1 2026-12-07T19:44:38Z host - - - [a@1 k=\"v\\\"]\"][b@2 x=\"y\"] body\r\n"))
                .isEqualTo("2026-12-07T19:44:38Z host body");
        assertThat(SyslogMessage.toLine("<13>Dec  7 19:44:38 web1 app: two\nlines")).isEqualTo("Dec  7 19:44:38 web1 app: two lines");
        assertThat(SyslogMessage.toLine("no priority at all")).isEqualTo("no priority at all");
    }
}
