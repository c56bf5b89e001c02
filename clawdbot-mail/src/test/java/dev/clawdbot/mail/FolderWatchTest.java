package dev.clawdbot.mail;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The reconnecting IDLE watch against GreenMail: reads on arrival, survives a server restart, stops on close. */
class FolderWatchTest {
    static final String PASSWORD = "watch-s3cret";
    static final FolderWatch.Timing TIMING = new FolderWatch.Timing(Duration.ofMinutes(10), Duration.ofMillis(200), Duration.ofMillis(400));

    GreenMail greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
    GreenMailUser user;
    final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
    final List<String> subjects = new CopyOnWriteArrayList<>();
    final List<String> failures = new CopyOnWriteArrayList<>();
    final AtomicInteger connected = new AtomicInteger();

    {
        greenMail.start();
        user = greenMail.setUser("op@example.org", "op", PASSWORD);
    }

    @AfterEach
    void tearDown() {
        timers.shutdownNow();
        greenMail.stop();
    }

    void deliver(String subject) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress("someone@example.com"));
        m.setSubject(subject);
        m.setText("x");
        user.deliver(m);
    }

    FolderWatch watch(int port) {
        return FolderWatch.start("test-watch", ImapSettings.password("127.0.0.1", port, false, "op", PASSWORD), "INBOX", true, TIMING,
                timers, Clock.systemUTC(), folder -> {
                    for (ReceivedMail m : folder.unseen()) {
                        subjects.add(m.subject());
                        m.markSeen();
                    }
                }, new FolderWatch.Listener() {
                    @Override
                    public void connected() {
                        connected.incrementAndGet();
                    }

                    @Override
                    public void reconnecting(MailException error, long retryInMs) {
                        failures.add(error.describe() + " retry " + retryInMs);
                    }
                });
    }

    @Test
    void readsWhatIsThereThenWhatArrivesAndReconnectsAfterTheServerRestarts() throws Exception {
        deliver("before");
        int port = greenMail.getImap().getPort();
        try (FolderWatch w = watch(port)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> subjects.equals(List.of("before")));
            deliver("while idling");
            await().atMost(Duration.ofSeconds(10)).until(() -> subjects.equals(List.of("before", "while idling")));

            greenMail.stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> !failures.isEmpty());
            greenMail = new GreenMail(new ServerSetup[]{ServerSetupTest.IMAP.port(port)});
            greenMail.start();
            user = greenMail.setUser("op@example.org", "op", PASSWORD);
            deliver("after the restart");
            await().atMost(Duration.ofSeconds(15)).until(() -> subjects.contains("after the restart"));
            await().atMost(Duration.ofSeconds(5)).until(() -> connected.get() == 2);
        }
        // The backoff starts at min(1 s, maxBackoff) and never exceeds maxBackoff; no message holds the password.
        assertThat(failures).allSatisfy(f -> assertThat(f).doesNotContain(PASSWORD).endsWith("retry 400"));
    }

    @Test
    void closeEndsARunningIdle() throws Exception {
        FolderWatch w = watch(greenMail.getImap().getPort());
        await().atMost(Duration.ofSeconds(10)).until(() -> connected.get() == 1);
        Thread.sleep(300);
        w.close();
        deliver("after close");
        Thread.sleep(1000);
        assertThat(subjects).isEmpty();
        assertThat(failures).isEmpty();
    }
}
