package dev.clawdbot.agent;

/** The run a session is executing now, so that {@code /stop} or the turn deadline can cancel it. */
final class ActiveRun {

    enum Reason { STOPPED, TIMEOUT, SHUTDOWN }

    private final Thread thread;
    private volatile Reason cancelled;

    ActiveRun(Thread thread) {
        this.thread = thread;
    }

    void cancel(Reason reason) {
        if (cancelled == null) cancelled = reason;
        thread.interrupt();
    }

    Reason cancelled() {
        return cancelled;
    }

    /** Throws when the run was cancelled, so that nothing more of the turn is done or stored. */
    void check() {
        Reason r = cancelled;
        if (r != null) throw new Cancelled(r);
    }

    static final class Cancelled extends RuntimeException {
        final Reason reason;

        Cancelled(Reason reason) {
            super("turn cancelled: " + reason, null, false, false);
            this.reason = reason;
        }
    }
}
