package dev.clawdbot.core.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Finds the {@link Secret} components of configuration records, as types (for tests and docs) and as values. */
public final class SecretKeys {

    private SecretKeys() {
    }

    /** A secret key: its dotted path from the root record ({@code []} for list elements, {@code *} for map values). */
    public record Key(String path, Class<?> owner, String component) {
    }

    /** Registers every value found in a {@link Secret} component of {@code config} (recursively) with the global redactor. */
    public static void registerAll(Object config) {
        List<String> found = new ArrayList<>();
        collect(config, found, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        SecretRedactor.global().registerAll(found);
    }

    /** Every secret value in {@code config}, in record order. */
    public static List<String> values(Object config) {
        List<String> found = new ArrayList<>();
        collect(config, found, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return found;
    }

    /**
     * The dotted paths of the {@link Secret} components of {@code config} that hold a value (map keys and list
     * indexes spelled out, {@code telegram.botToken}, {@code models.providers.openai.apiKey}): the secrets this
     * configuration actually holds, for the rotation inventory.
     */
    public static List<String> setPaths(Object config) {
        List<String> out = new ArrayList<>();
        paths(config, "", out, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void paths(Object o, String path, List<String> out, Set<Object> seen) {
        if (o == null || !seen.add(o)) return;
        String prefix = path.isEmpty() ? "" : path + ".";
        if (o instanceof Optional<?> opt) {
            opt.ifPresent(v -> paths(v, path, out, seen));
        } else if (o instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) paths(l.get(i), path + "[" + i + "]", out, seen);
        } else if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> paths(v, prefix + k, out, seen));
        } else if (o.getClass().isRecord()) {
            for (RecordComponent c : o.getClass().getRecordComponents()) {
                Object v = value(c, o);
                if (!c.isAnnotationPresent(Secret.class)) paths(v, prefix + c.getName(), out, seen);
                else if (!secretValuesOf(v).isEmpty()) out.add(prefix + c.getName());
            }
        }
    }

    private static List<String> secretValuesOf(Object v) {
        List<String> found = new ArrayList<>();
        secretValues(v, found);
        found.removeIf(String::isBlank);
        return found;
    }

    private static void collect(Object o, List<String> out, Set<Object> seen) {
        if (o == null || !seen.add(o)) return;
        if (o instanceof Optional<?> opt) {
            opt.ifPresent(v -> collect(v, out, seen));
        } else if (o instanceof Collection<?> c) {
            c.forEach(v -> collect(v, out, seen));
        } else if (o instanceof Map<?, ?> m) {
            m.values().forEach(v -> collect(v, out, seen));
        } else if (o.getClass().isRecord()) {
            for (RecordComponent c : o.getClass().getRecordComponents()) {
                Object v = value(c, o);
                if (c.isAnnotationPresent(Secret.class)) secretValues(v, out);
                else collect(v, out, seen);
            }
        }
    }

    private static void secretValues(Object v, List<String> out) {
        if (v instanceof String s) {
            out.add(s);
            // A multi-line secret (a PEM key) is also masked line by line, as a log may quote one line of it.
            if (s.indexOf('\n') >= 0) s.lines().map(String::strip).forEach(out::add);
        }
        else if (v instanceof Collection<?> c) c.forEach(e -> secretValues(e, out));
        else if (v instanceof Map<?, ?> m) m.values().forEach(e -> secretValues(e, out));
        else if (v instanceof Optional<?> opt) opt.ifPresent(e -> secretValues(e, out));
    }

    private static Object value(RecordComponent c, Object record) {
        try {
            c.getAccessor().setAccessible(true);
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read config component " + c.getName() + " of " + record.getClass().getName(), e);
        }
    }

    /** Every {@link Secret} key reachable from the record type {@code root}, by reflection over its components' types. */
    public static List<Key> keys(Class<?> root) {
        List<Key> out = new ArrayList<>();
        walk(root, "", out, new ArrayList<>());
        return out;
    }

    private static void walk(Type type, String path, List<Key> out, List<Class<?>> stack) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw) || Optional.class.isAssignableFrom(raw)) {
                walk(args[0], Collection.class.isAssignableFrom(raw) ? path + "[]" : path, out, stack);
            } else if (Map.class.isAssignableFrom(raw)) {
                walk(args[1], path + ".*", out, stack);
            }
            return;
        }
        if (!(type instanceof Class<?> cls) || !cls.isRecord() || stack.contains(cls)) return;
        stack.add(cls);
        for (RecordComponent c : cls.getRecordComponents()) {
            String child = path.isEmpty() ? c.getName() : path + "." + c.getName();
            if (c.isAnnotationPresent(Secret.class)) out.add(new Key(child, cls, c.getName()));
            else walk(c.getGenericType(), child, out, stack);
        }
        stack.remove(stack.size() - 1);
    }
}
