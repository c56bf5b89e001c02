package dev.clawdbot.core.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/**
 * The one builder behind the config records' {@code builder()}/{@code toBuilder()}: it holds one value per record
 * component (null = unset, so the record's compact constructor applies its default) and {@link #build} calls the
 * canonical constructor, which validates. A record's {@code Builder} only declares its typed setters, each
 * {@code return set("component", value)}; before this each record repeated every component three times (field,
 * copy in toBuilder, setter), five records with 14 to 38 components.
 */
public abstract class RecordBuilder<R extends Record, B extends RecordBuilder<R, B>> {
    private final RecordComponent[] components;
    private final Constructor<R> canonical;
    private final Object[] values;

    /** Starts from {@code from}'s values, or with every component unset when it is null. */
    protected RecordBuilder(Class<R> type, R from) {
        components = type.getRecordComponents();
        try {
            canonical = type.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("record " + type.getName() + " has no canonical constructor", e);
        }
        values = new Object[components.length];
        if (from != null) {
            for (int i = 0; i < components.length; i++) values[i] = read(components[i], from);
        }
    }

    /** Sets one component by its name; a name the record does not have is a programming error. */
    protected final B set(String component, Object value) {
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(component)) {
                values[i] = value;
                return self();
            }
        }
        throw new IllegalArgumentException(canonical.getDeclaringClass().getSimpleName() + " has no component " + component);
    }

    /** The record; its constructor's exceptions (invalid values) come through unwrapped. */
    public final R build() {
        try {
            return canonical.newInstance(values.clone());
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot call the canonical constructor of " + canonical.getDeclaringClass().getName(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    private static Object read(RecordComponent component, Record from) {
        try {
            return component.getAccessor().invoke(from);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + component.getName(), e);
        }
    }
}
