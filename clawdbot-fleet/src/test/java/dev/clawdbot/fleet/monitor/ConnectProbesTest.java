package dev.clawdbot.fleet.monitor;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** PostgreSQL against embedded PostgreSQL, SMTP and IMAP against GreenMail (which offers no STARTTLS). */
class ConnectProbesTest {
    private static CheckResult check(String yaml) {
        return Probe.of(Specs.of(yaml), HttpClient.newHttpClient(), Clock.systemUTC()).check();
    }

    @Test
    void postgresLoginAndSelectOne() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            String at = "name: pg, type: POSTGRES, host: 127.0.0.1, port: " + pg.getPort() + ", timeout: PT5S";
            assertThat(check(at).up()).isTrue();
            CheckResult noDb = check(at + ", database: nosuchdb");
            assertThat(noDb.up()).isFalse();
            assertThat(noDb.cause()).startsWith("PostgreSQL: ").endsWith("(SQLSTATE 3D000)");
        }
        assertThat(check("name: pg, type: POSTGRES, host: 127.0.0.1, port: " + closedPort() + ", timeout: PT2S").cause())
                .startsWith("PostgreSQL: ").contains("SQLSTATE 08001");
    }

    @Test
    void smtpAndImapGreetingsAndARefusedStartTls() throws Exception {
        GreenMail mail = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[]{ServerSetupTest.SMTP, ServerSetupTest.IMAP}));
        mail.start();
        try {
            int smtp = mail.getSmtp().getPort();
            int imap = mail.getImap().getPort();
            assertThat(check("name: m, type: SMTP, host: 127.0.0.1, port: " + smtp).up()).isTrue();
            assertThat(check("name: m, type: IMAP, host: 127.0.0.1, port: " + imap).up()).isTrue();
            assertThat(check("name: m, type: SMTP, host: 127.0.0.1, port: " + imap).cause()).startsWith("unexpected greeting: * OK");
            assertThat(check("name: m, type: IMAP, host: 127.0.0.1, port: " + smtp).cause()).startsWith("unexpected greeting: 220");
            assertThat(check("name: m, type: SMTP, host: 127.0.0.1, startTls: true, port: " + smtp).cause()).startsWith("STARTTLS refused: ");
            assertThat(check("name: m, type: IMAP, host: 127.0.0.1, startTls: true, port: " + imap).cause()).startsWith("STARTTLS refused: ");
        } finally {
            mail.stop();
        }
        assertThat(check("name: m, type: SMTP, host: 127.0.0.1, timeout: PT2S, port: " + closedPort()).cause()).startsWith("SMTP failed: ");
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
