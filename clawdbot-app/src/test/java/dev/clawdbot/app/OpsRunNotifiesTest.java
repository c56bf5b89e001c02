package dev.clawdbot.app;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code clawdbot ops run JOB} notifies the operator itself: the job's notices go through the configured channels
 * (e-mail here, to GreenMail) before the command returns, with no server running to deliver them.
 */
class OpsRunNotifiesTest {

    @TempDir
    Path dir;
    GreenMail mail;

    @BeforeEach
    void startMail() {
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
    }

    @AfterEach
    void stopMail() {
        mail.stop();
    }

    int run(Clock clock, StringWriter out, String... args) throws Exception {
        Path yaml = Files.writeString(dir.resolve("clawdbot.yaml"), """
                operator:
                  email:
                    to: [ops@example.org]
                    from: clawdbot@example.org
                    smtpHost: 127.0.0.1
                    smtpPort: %d
                    smtpTls: false
                """.formatted(mail.getSmtp().getPort()));
        Map<String, String> env = Map.of("CLAWDBOT_CONFIG", yaml.toString(), "CLAWDBOT_DATA", dir.resolve("data").toString());
        var cl = Main.commandLine(new Main(env, clock), args);
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        assertThat(err.toString()).as("stderr").doesNotContain("error");
        return code;
    }

    @Test
    void aSecretRotationRunFromTheCommandLineMailsTheOverdueReminder() throws Exception {
        // The first run starts tracking every held secret today: nothing is due, nothing is sent.
        assertThat(run(Clock.systemUTC(), new StringWriter(), "ops", "run", "secret-rotation")).isZero();
        assertThat(mail.getReceivedMessages()).isEmpty();

        // Two years on, the gateway token (cadence 1 year at most) is overdue: the run mails the operator.
        StringWriter out = new StringWriter();
        assertThat(run(Clock.offset(Clock.systemUTC(), Duration.ofDays(730)), out, "ops", "run", "secret-rotation")).isZero();
        assertThat(out.toString()).contains("secret-rotation: SUCCEEDED").contains("gateway.token");
        List<String> subjects = Arrays.stream(mail.getReceivedMessages()).map(OpsRunNotifiesTest::subject).toList();
        assertThat(subjects).anySatisfy(s -> assertThat(s).contains("gateway.token").contains("overdue"));
        assertThat(AdminCliTest.openFilesUnder(dir.resolve("data"))).isEmpty();
    }

    static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
