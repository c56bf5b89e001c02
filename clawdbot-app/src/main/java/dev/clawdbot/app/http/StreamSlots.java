package dev.clawdbot.app.http;

import java.util.concurrent.Semaphore;

/** Caps simultaneously open streams (SSE completions and chat sockets) so slow clients cannot pin the gateway. */
final class StreamSlots {
    private final int limit;
    private final Semaphore permits;

    StreamSlots(int limit) {
        this.limit = limit;
        this.permits = new Semaphore(limit);
    }

    boolean tryAcquire() {
        return permits.tryAcquire();
    }

    void release() {
        permits.release();
    }

    int limit() {
        return limit;
    }

    int inUse() {
        return limit - permits.availablePermits();
    }
}
