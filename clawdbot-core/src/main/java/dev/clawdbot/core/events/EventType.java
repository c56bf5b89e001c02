package dev.clawdbot.core.events;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One catalogued event type: its dotted {@code name} ({@code module.what}), the {@code level} it is normally
 * emitted at, every level it may take ({@code levels}: e.g. 3, or 5 on failure) and the field names it may carry.
 * Each module declares its types as {@code public static final} constants of one {@link EventCatalogue} class;
 * {@code docs/events.md} lists exactly these, and {@link Event#of} checks (with {@code -ea}, as in every test)
 * that an event uses a declared level and declared fields.
 */
public record EventType(String name, int level, Set<Integer> levels, List<String> fields) {

    // Pattern over our own constants, never untrusted text.
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)+");

    public EventType {
        if (name == null || !NAME.matcher(name).matches()) throw new IllegalArgumentException("event type must be dotted lower case: " + name);
        levels = Set.copyOf(new TreeSet<>(levels));
        if (!levels.contains(level)) throw new IllegalArgumentException(name + ": levels " + levels + " lack the level " + level);
        for (int l : levels) if (l < 0 || l > 15) throw new IllegalArgumentException(name + ": event level must be 0..15, was " + l);
        fields = List.copyOf(fields);
        if (new HashSet<>(fields).size() != fields.size()) throw new IllegalArgumentException(name + ": duplicate field in " + fields);
    }

    /** A type emitted at one level, with these fields. */
    public static EventType of(String name, int level, String... fields) {
        return new EventType(name, level, Set.of(level), List.of(fields));
    }

    /** The same type, also allowed at {@code others} (the call site passes the level it chose). */
    public EventType orLevels(int... others) {
        Set<Integer> all = new HashSet<>(levels);
        for (int l : others) all.add(l);
        return new EventType(name, level, all, fields);
    }

    /** The levels, smallest first. */
    public List<Integer> sortedLevels() {
        return List.copyOf(new TreeSet<>(levels));
    }
}
