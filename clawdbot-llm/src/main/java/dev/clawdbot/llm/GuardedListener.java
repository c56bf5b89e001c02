package dev.clawdbot.llm;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shields a model call from its listener: if showing a delta fails (the user's connection went away), the
 * call still completes and no provider is blamed for it; later deltas are dropped.
 */
final class GuardedListener implements StreamListener {

    private static final Logger log = LoggerFactory.getLogger(GuardedListener.class);

    private final StreamListener delegate;
    private volatile boolean broken;

    GuardedListener(StreamListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void onTextDelta(String text) {
        if (broken) return;
        try {
            delegate.onTextDelta(text);
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    @Override
    public void onAttemptDiscarded(String reason) {
        if (broken) return;
        try {
            delegate.onAttemptDiscarded(reason);
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void fail(RuntimeException e) {
        broken = true;
        log.warn("the stream listener failed ({}); the model call continues without streaming", e.getClass().getSimpleName());
    }
}
