package dev.clawdbot.core.outbox;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A stored status with a closed set of moves: an enum implements it, and the store that changes the status checks
 * {@link #requireMove} before its compare-and-set UPDATE ({@code ... WHERE status = from}), so an illegal move is a
 * refused call, not a row in a state no reader expects. The stored string is {@link #wire}.
 */
public interface Lifecycle<S extends Enum<S> & Lifecycle<S>> {

    /** Whether a row in this status may move to {@code next}. */
    boolean canMoveTo(S next);

    /** The string stored in the status column. */
    default String wire() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
    }

    /** Whether no move leads out of this status. */
    @SuppressWarnings("unchecked")
    default boolean isFinal() {
        for (S s : ((Enum<S>) this).getDeclaringClass().getEnumConstants()) {
            if (canMoveTo(s)) return false;
        }
        return true;
    }

    /** Throws {@link IllegalStateException} unless {@code from} may move to {@code to}. */
    static <S extends Enum<S> & Lifecycle<S>> void requireMove(S from, S to) {
        if (!from.canMoveTo(to)) {
            throw new IllegalStateException("illegal status move " + from.wire() + " -> " + to.wire());
        }
    }

    /** Every legal move, by the status it leaves; a final status maps to an empty set. For tests and docs. */
    static <S extends Enum<S> & Lifecycle<S>> Map<S, Set<S>> moves(Class<S> type) {
        Map<S, Set<S>> out = new EnumMap<>(type);
        for (S from : type.getEnumConstants()) {
            Set<S> next = EnumSet.noneOf(type);
            for (S to : type.getEnumConstants()) {
                if (from.canMoveTo(to)) next.add(to);
            }
            out.put(from, next);
        }
        return out;
    }

    /** The status stored as {@code wire}; {@link IllegalArgumentException} for a string no status has. */
    static <S extends Enum<S> & Lifecycle<S>> S fromWire(Class<S> type, String wire) {
        for (S s : type.getEnumConstants()) {
            if (s.wire().equals(wire)) return s;
        }
        throw new IllegalArgumentException("unknown " + type.getSimpleName() + " '" + wire + "'");
    }
}
