package dev.clawdbot.core.events;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * A module's event types. Each module has one implementation ({@code BrokerEvents}, {@code SandboxEvents}...)
 * holding its {@link EventType}s as {@code public static final} constants, registered in
 * {@code META-INF/services/dev.clawdbot.core.events.EventCatalogue} so {@link #all()} finds every module on the
 * class path (the docs test in clawdbot-app compares them with {@code docs/events.md}).
 */
public interface EventCatalogue {

    /** Every {@code public static final EventType} constant of the implementing class, in declaration order. */
    default List<EventType> types() {
        List<EventType> out = new ArrayList<>();
        for (Field f : getClass().getFields()) {
            int m = f.getModifiers();
            if (!Modifier.isStatic(m) || !Modifier.isFinal(m) || f.getType() != EventType.class) continue;
            try {
                out.add((EventType) f.get(null));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(f + " is not readable", e);
            }
        }
        return out;
    }

    /** The event types of every catalogue on the class path, by name; a name declared twice is an error. */
    static Map<String, EventType> all() {
        Map<String, EventType> byName = new LinkedHashMap<>();
        for (EventCatalogue c : ServiceLoader.load(EventCatalogue.class, EventCatalogue.class.getClassLoader())) {
            for (EventType t : c.types()) {
                EventType before = byName.putIfAbsent(t.name(), t);
                if (before != null) throw new IllegalStateException("event type " + t.name() + " is declared twice (" + c.getClass().getName() + ")");
            }
        }
        return byName;
    }
}
