package dev.clawdbot.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Turns a Jackson binding failure into one {@link ConfigException} that names line, key, expected type and found value. */
final class BindErrors {

    private final YamlDocument doc;
    private final Set<List<Object>> opaque;

    BindErrors(YamlDocument doc, Set<List<Object>> opaque) {
        this.doc = doc;
        this.opaque = opaque;
    }

    ConfigException translate(Exception e, JsonParser parser) {
        List<Object> path = e instanceof JsonMappingException m && !m.getPath().isEmpty() ? path(m) : path(parser);
        if (e instanceof UnrecognizedPropertyException u) {
            return unknownKey(path, u.getPropertyName(), u.getKnownPropertyIds());
        }
        if (e instanceof ValueInstantiationException v) {
            Throwable cause = v.getCause() != null ? v.getCause() : v;
            String why = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
            List<Object> at = narrow(path, why);
            String said = relabel(why, path, v.getType() == null ? null : v.getType().getRawClass());
            return doc.error(at, true, at.isEmpty() ? "invalid configuration: " + said : "invalid value: " + said);
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return doc.error(path, false, "expected " + describe(m.getTargetType()) + ", found " + found(path, e));
        }
        if (rootCause(e) instanceof InputCoercionException c) {
            return doc.error(path, false, "expected " + describe(c.getTargetType()) + ", found " + found(path, e)
                    + ", which is out of range");
        }
        return doc.error(path, false, "cannot use this value: " + firstLine(e));
    }

    /**
     * A compact constructor's message usually names the component it rejects ("port must be 1..65535"): when it
     * names exactly one key written in this mapping, point at that key rather than at the mapping.
     */
    private List<Object> narrow(List<Object> path, String message) {
        JsonNode n = node(path);
        if (n == null || !n.isObject()) return path;
        List<String> named = new ArrayList<>();
        n.fieldNames().forEachRemaining(k -> {
            if (Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(k) + "(?![A-Za-z0-9_])").matcher(message).find()) named.add(k);
        });
        if (named.size() != 1) return path;
        List<Object> narrowed = new ArrayList<>(path);
        narrowed.add(named.getFirst());
        return narrowed;
    }

    /**
     * A top-level section's record states its constraint under its own name ("http.port must be 0..65535"), but the
     * same record may be bound under another key ({@code gateway}, or {@code adminBot} for a second Telegram bot):
     * every {@code name.component} naming one of the record's components is rewritten to the key the user wrote
     * ("gateway.port: invalid value: gateway.port must be 0..65535"). A nested record shared by several sections
     * (the mail {@code smtp} and {@code oauth2} shapes) names itself by the key it is bound under ("oauth2.clientId is
     * required"): deeper down, only words starting with that key are rewritten ("broker.email.oauth2.clientId"), as
     * other names may be a list entry's. Plain code: the message may quote a value.
     */
    private String relabel(String message, List<Object> mapping, Class<?> type) {
        if (mapping.isEmpty() || type == null || !type.isRecord()) return message;
        String own = mapping.size() == 1 || !(mapping.getLast() instanceof String k) ? null : k;
        if (mapping.size() > 1 && own == null) return message;
        Set<String> components = new TreeSet<>();
        for (RecordComponent c : type.getRecordComponents()) components.add(c.getName());
        String prefix = KeyPaths.format(mapping);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < message.length()) {
            char c = message.charAt(i);
            boolean starts = Character.isLetter(c) && (i == 0 || !isKeyChar(message.charAt(i - 1)));
            if (!starts) {
                out.append(c);
                i++;
                continue;
            }
            int end = i;
            while (end < message.length() && isKeyChar(message.charAt(end))) end++;
            String word = message.substring(i, end);
            int dot = word.indexOf('.');
            String last = dot < 0 || word.indexOf('.', dot + 1) >= 0 ? null : word.substring(dot + 1);
            boolean ours = last != null && components.contains(last) && (own == null || word.substring(0, dot).equals(own));
            out.append(ours ? prefix + "." + last : word);
            i = end;
        }
        return out.toString();
    }

    private static boolean isKeyChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.';
    }

    private JsonNode node(List<Object> path) {
        JsonNode n = doc.root;
        for (Object p : path) {
            if (n == null) return null;
            n = p instanceof Integer i ? n.get(i) : n.get(String.valueOf(p));
        }
        return n;
    }

    private ConfigException unknownKey(List<Object> path, String key, Collection<Object> known) {
        List<String> valid = known == null ? List.of() : known.stream().map(String::valueOf).sorted().toList();
        String near = Suggest.nearest(key, valid);
        String hint;
        if (near != null) hint = "did you mean '" + near + "'?";
        else if (valid.isEmpty()) hint = "this section takes no keys";
        else hint = "valid keys here: " + String.join(", ", valid);
        return doc.error(path, true, "unknown key; " + hint);
    }

    /** The value at {@code path} as the user wrote it, unless it came from the environment or a secret file. */
    private String found(List<Object> path, Exception e) {
        if (opaque.contains(path)) return "a value taken from the environment or a secret file";
        JsonNode n = node(path);
        if (n == null && e instanceof InvalidFormatException f) return quote(String.valueOf(f.getValue()));
        if (n == null) return "an unexpected value";
        if (n.isObject()) return "a mapping";
        if (n.isArray()) return "a list";
        if (n.isNull()) return "an empty value";
        if (n.isTextual()) return quote(n.textValue());
        return n.asText();
    }

    private static String quote(String s) {
        String oneLine = s.replace("\n", "\\n").replace("\r", "\\r");
        return "'" + (oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 60) + "...") + "'";
    }

    static String describe(Class<?> t) {
        if (t == null) return "a different value";
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class || t == short.class
                || t == Short.class || t == byte.class || t == Byte.class || t == BigInteger.class) return "an integer";
        if (t == double.class || t == Double.class || t == float.class || t == Float.class || t == BigDecimal.class) return "a number";
        if (t == boolean.class || t == Boolean.class) return "true or false";
        if (t == String.class || t == char.class || t == Character.class) return "a string";
        if (t.isEnum()) {
            return "one of " + Arrays.stream(t.getEnumConstants()).map(c -> ((Enum<?>) c).name()).collect(Collectors.joining(", "));
        }
        if (t == Duration.class) return Durations.FORMS;
        if (t == Instant.class) return "an ISO-8601 instant such as 2026-01-31T09:00:00Z";
        if (t == OffsetDateTime.class) return "an ISO-8601 date-time with offset such as 2026-01-31T09:00:00+01:00";
        if (t == LocalTime.class) return "a time of day such as 09:30";
        if (ZoneId.class.isAssignableFrom(t)) return "a time-zone ID such as Europe/Amsterdam or UTC";
        if (t == Path.class) return "a file path";
        if (t == URI.class) return "a URI";
        if (Collection.class.isAssignableFrom(t) || t.isArray()) return "a list";
        if (Map.class.isAssignableFrom(t)) return "a mapping of keys to values";
        if (t.isRecord()) {
            Set<String> keys = new TreeSet<>();
            for (RecordComponent c : t.getRecordComponents()) keys.add(c.getName());
            return keys.isEmpty() ? "an empty mapping" : "a mapping with keys " + String.join(", ", keys);
        }
        return "a " + t.getSimpleName();
    }

    private static List<Object> path(JsonMappingException e) {
        List<Object> p = new ArrayList<>();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) p.add(r.getFieldName());
            else if (r.getIndex() >= 0) p.add(r.getIndex());
        }
        return p;
    }

    private static List<Object> path(JsonParser parser) {
        List<Object> p = new ArrayList<>();
        for (JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) p.add(c.getCurrentName());
            else if (c.inArray() && c.getCurrentIndex() >= 0) p.add(c.getCurrentIndex());
        }
        Collections.reverse(p);
        return p;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) r = r.getCause();
        return r;
    }

    private static String firstLine(Exception e) {
        String m = e instanceof JsonMappingException j ? j.getOriginalMessage() : e.getMessage();
        if (m == null) return e.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
