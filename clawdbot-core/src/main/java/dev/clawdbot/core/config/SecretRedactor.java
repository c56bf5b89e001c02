package dev.clawdbot.core.config;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces every occurrence of a registered secret in a string with {@code ***}. Called on every log line and
 * event, so the scan is one pass of an Aho-Corasick automaton whatever the number of secrets, and a string
 * with no secret is returned as is, without allocating. Registering rebuilds the automaton (rare); redacting
 * reads an immutable snapshot, so both are safe from any thread. Values shorter than {@link #MIN_LENGTH} are
 * refused: redacting {@code true} or {@code 8080} everywhere would wreck logs without protecting anything.
 */
public final class SecretRedactor {

    public static final int MIN_LENGTH = 8;
    public static final String MASK = "***";

    private static final SecretRedactor GLOBAL = new SecretRedactor();

    private final Set<String> secrets = new LinkedHashSet<>();
    private volatile AhoCorasick automaton = AhoCorasick.build(List.of());

    /** The process-wide registry that the config loader, {@link Secrets} and the logging setup share. */
    public static SecretRedactor global() {
        return GLOBAL;
    }

    /** Adds a secret; false when it is null or shorter than {@link #MIN_LENGTH} characters and so not redacted. */
    public boolean register(String secret) {
        if (secret == null || secret.length() < MIN_LENGTH) return false;
        registerAll(List.of(secret));
        return true;
    }

    /** Adds several secrets with one rebuild; returns how many were new and long enough. */
    public synchronized int registerAll(Collection<String> values) {
        int added = 0;
        for (String s : values) {
            if (s != null && s.length() >= MIN_LENGTH && secrets.add(s)) added++;
        }
        if (added > 0) automaton = AhoCorasick.build(List.copyOf(secrets));
        return added;
    }

    public synchronized boolean isRegistered(String secret) {
        return secrets.contains(secret);
    }

    public synchronized int size() {
        return secrets.size();
    }

    /** {@code text} with every occurrence of every secret replaced by {@code ***}; overlapping ones become one mask. */
    public String redact(String text) {
        if (text == null || text.length() < MIN_LENGTH) return text;
        return automaton.replace(text, MASK);
    }
}
