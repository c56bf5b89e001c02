package dev.clawdbot.mail;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class ImapIdleTest {
    static final Duration LONG = Duration.ofMinutes(10);
    static final Duration POLL = Duration.ofMillis(100);

    GreenMail greenMail;
    GreenMailUser user;
    Store store;
    Folder inbox;
    ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);

    @BeforeEach
    void setUp() throws Exception {
        greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
        greenMail.start();
        user = greenMail.setUser("op@example.org", "op", "secret");
        Properties p = new Properties();
        p.put("mail.imap.timeout", "20000");
        store = Session.getInstance(p).getStore("imap");
        store.connect("127.0.0.1", greenMail.getImap().getPort(), "op", "secret");
        inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
    }

    @AfterEach
    void tearDown() throws Exception {
        timers.shutdownNow();
        store.close();
        greenMail.stop();
    }

    void deliver(String subject) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress("someone@example.com"));
        m.setRecipients(MimeMessage.RecipientType.TO, "op@example.org");
        m.setSubject(subject);
        m.setText("x");
        user.deliver(m);
    }

    @Test
    void mailThatArrivedWhileTheCallerReadIsReportedWithoutIdling() throws Exception {
        int known = inbox.getMessageCount();
        deliver("arrived during the read");
        boolean changed = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> ImapIdle.awaitChange(inbox, known, timers, LONG, POLL));
        assertThat(changed).isTrue();
        assertThat(inbox.getMessageCount()).isEqualTo(known + 1);
    }

    @Test
    void newMailEndsTheIdle() throws Exception {
        int known = inbox.getMessageCount();
        CountDownLatch idling = new CountDownLatch(1);
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return ImapIdle.awaitChange(inbox, known, timers, LONG, POLL, idling::countDown);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(idling.await(10, TimeUnit.SECONDS)).as("the server accepted the IDLE").isTrue();
        assertThat(waiting).isNotDone();
        deliver("while idling");
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(inbox.getMessageCount()).isEqualTo(known + 1);
    }

    @Test
    void withNothingArrivingTheIdleEndsAtTheReidleInterval() {
        long started = System.nanoTime();
        boolean changed = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> ImapIdle.awaitChange(inbox, inbox.getMessageCount(), timers, Duration.ofMillis(400), POLL));
        assertThat(changed).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void anIdleOutlastsTheReadTimeout() throws Exception {
        // MailSessions.READ_TIMEOUT (20 s) is far shorter than an IDLE (up to reidleInterval, 25 min by default):
        // Angus Mail must keep idling through read timeouts rather than drop the connection.
        Properties p = new Properties();
        p.put("mail.imap.timeout", "300");
        Store quick = Session.getInstance(p).getStore("imap");
        quick.connect("127.0.0.1", greenMail.getImap().getPort(), "op", "secret");
        try {
            Folder f = quick.getFolder("INBOX");
            f.open(Folder.READ_ONLY);
            long started = System.nanoTime();
            AtomicLong idleFrom = new AtomicLong();
            boolean changed = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> ImapIdle.awaitChange(f, f.getMessageCount(), timers, Duration.ofMillis(1500), POLL, () -> idleFrom.set(System.nanoTime())));
            long ended = System.nanoTime();
            assertThat(changed).isFalse();
            assertThat(Duration.ofNanos(ended - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
            // It idled (no poll fallback), and the accepted IDLE itself lasted over three read timeouts of 300 ms.
            assertThat(idleFrom.get()).as("the server accepted the IDLE").isNotZero();
            assertThat(Duration.ofNanos(ended - idleFrom.get())).isGreaterThan(Duration.ofMillis(900));
            assertThat(f.isOpen()).isTrue();
            assertThat(f.getMessageCount()).isZero();
        } finally {
            quick.close();
        }
    }

    @Test
    void aWakeUpThatReachesTheConnectionBeforeTheIdleStillEndsIt() {
        // The first wake-up runs before IDLE is sent, as it does when the watch thread is descheduled for longer
        // than the interval; had it been the only one, this IDLE would run until mail arrived, past the server's limit.
        AtomicInteger early = new AtomicInteger();
        ScheduledThreadPoolExecutor racing = new ScheduledThreadPoolExecutor(1) {
            @Override
            public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
                command.run();
                early.incrementAndGet();
                return super.scheduleWithFixedDelay(command, delay, delay, unit);
            }
        };
        try {
            boolean changed = assertTimeoutPreemptively(Duration.ofSeconds(15),
                    () -> ImapIdle.awaitChange(inbox, inbox.getMessageCount(), racing, LONG, POLL));
            assertThat(changed).isFalse();
            assertThat(early).hasValue(1);
        } finally {
            racing.shutdownNow();
        }
    }
}
