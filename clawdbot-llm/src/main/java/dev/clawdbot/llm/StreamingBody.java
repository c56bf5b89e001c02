package dev.clawdbot.llm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as an InputStream whose reads give up when no byte arrives for {@code idleTimeout}
 * or the whole call passes its deadline. JDK's own {@code ofInputStream} cannot time out a blocked
 * read, so the bytes come through this subscriber's queue, which can be polled with a timeout.
 */
final class StreamingBody extends InputStream implements Flow.Subscriber<List<ByteBuffer>> {

    /** No byte within the idle timeout, or past the call's deadline. */
    static final class StallException extends IOException {
        StallException(String message) {
            super(message, null);
        }
    }

    private static final Object END = new Object();

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final long idleNanos;
    private final long deadlineNanos;
    private volatile Flow.Subscription subscription;
    private Iterator<ByteBuffer> pending;
    private ByteBuffer current;
    private boolean done;

    StreamingBody(Duration idleTimeout, long deadlineNanos) {
        this.idleNanos = idleTimeout.toNanos();
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable t) {
        queue.add(t);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (current == null || !current.hasRemaining()) {
            if (pending != null && pending.hasNext()) {
                current = pending.next();
                continue;
            }
            if (done) return -1;
            if (pending != null) {
                pending = null;
                subscription.request(1);
            }
            Object next = poll();
            if (next == END) {
                done = true;
                return -1;
            }
            if (next instanceof Throwable t) {
                done = true;
                throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> list = (List<ByteBuffer>) next;
            pending = list.iterator();
        }
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        return n;
    }

    private Object poll() throws IOException {
        long wait = Math.min(idleNanos, deadlineNanos - System.nanoTime());
        Object next;
        try {
            next = wait <= 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new java.io.InterruptedIOException("interrupted while reading the model's reply");
        }
        if (next == null) {
            close();
            boolean deadline = deadlineNanos - System.nanoTime() <= 0;
            throw new StallException(deadline
                    ? "the call passed its request timeout"
                    : "no data for " + Duration.ofNanos(idleNanos).toMillis() + " ms (idle timeout)");
        }
        return next;
    }

    @Override
    public void close() {
        done = true;
        Flow.Subscription s = subscription;
        if (s != null) s.cancel();
    }
}
