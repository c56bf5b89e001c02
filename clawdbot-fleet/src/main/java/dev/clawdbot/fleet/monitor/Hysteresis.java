package dev.clawdbot.fleet.monitor;

import java.time.Duration;

/**
 * The state machine that damps flapping: DOWN only after {@code retries} consecutive failures, UP again only after
 * {@code upAfter} consecutive successes, and while DOWN a reminder every {@code renotifyEvery} checks. A server that
 * alternates between passing and failing never settles into DOWN, so it sends nothing. Checks of one monitor
 * run one after another on its thread; only {@link #state()} is read elsewhere.
 */
final class Hysteresis {
    /** What a check changed. */
    enum Transition { NONE, DOWN, UP, REMIND }

    private final int retries;
    private final int upAfter;
    private final int renotifyEvery;
    private final Duration interval;
    private final Duration retryInterval;
    /** Volatile: read by other threads (readiness, tests) while the monitor's thread writes it. */
    private volatile MonitorState state = MonitorState.PENDING;
    private int failures;
    private int successes;
    private int downChecks;

    Hysteresis(MonitorSpec spec) {
        this.retries = spec.retries();
        this.upAfter = spec.upAfter();
        this.renotifyEvery = spec.renotifyEvery();
        this.interval = spec.interval();
        this.retryInterval = spec.retryInterval();
    }

    Transition record(boolean up) {
        if (up) {
            successes++;
            failures = 0;
            if (state == MonitorState.PENDING) {
                state = MonitorState.UP; // the first settled state is not news
            } else if (state == MonitorState.DOWN && successes >= upAfter) {
                state = MonitorState.UP;
                return Transition.UP;
            }
            return Transition.NONE;
        }
        failures++;
        successes = 0;
        if (state != MonitorState.DOWN) {
            if (failures < retries) return Transition.NONE;
            state = MonitorState.DOWN;
            downChecks = 0;
            return Transition.DOWN;
        }
        downChecks++;
        return renotifyEvery > 0 && downChecks % renotifyEvery == 0 ? Transition.REMIND : Transition.NONE;
    }

    /** The wait before the next check: the retry interval while a change is being confirmed, else the interval. */
    Duration nextDelay() {
        boolean confirming = state == MonitorState.DOWN ? successes > 0 : failures > 0;
        return confirming ? retryInterval : interval;
    }

    MonitorState state() {
        return state;
    }
}
