package dev.clawdbot.core;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TimersTest {

    @Test
    void cancelledDeadlinesLeaveTheQueueAtOnceAndLiveOnesStillFire() throws Exception {
        ScheduledExecutorService timers = Timers.daemon("timers-test");
        try {
            for (int i = 0; i < 10_000; i++) {
                ScheduledFuture<?> deadline = timers.schedule(() -> { }, 5, TimeUnit.MINUTES);
                deadline.cancel(false);
            }
            assertThat(((ScheduledThreadPoolExecutor) timers).getQueue()).isEmpty();
            CountDownLatch fired = new CountDownLatch(1);
            timers.schedule(fired::countDown, 10, TimeUnit.MILLISECONDS);
            assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            timers.shutdownNow();
        }
    }

    @Test
    void theThreadIsANamedDaemonThatDoesNotKeepTheJvmAlive() throws Exception {
        ScheduledExecutorService timers = Timers.daemon("timers-test-name");
        try {
            Thread t = timers.schedule(Thread::currentThread, 0, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);
            assertThat(t.getName()).isEqualTo("timers-test-name");
            assertThat(t.isDaemon()).isTrue();
        } finally {
            timers.shutdownNow();
        }
    }
}
