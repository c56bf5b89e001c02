package dev.clawdbot.core.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document read into a JSON tree that remembers where each key and value started, so that errors
 * found later (while binding) can still name the line. Paths are lists of field names and list indexes.
 */
final class YamlDocument {

    record Loc(int line, int column) {
        static final Loc START = new Loc(1, 1);
    }

    final String source;
    final ObjectNode root;
    /** Key paths an {@link EnvKey} set, with the variable: errors under them name the variable, not the file. */
    final Map<List<?>, String> fromEnvironment = new HashMap<>();
    private final Map<List<Object>, Loc> keyLocs;
    private final Map<List<Object>, Loc> valueLocs;

    private YamlDocument(String source, ObjectNode root, Map<List<Object>, Loc> keyLocs, Map<List<Object>, Loc> valueLocs) {
        this.source = source;
        this.root = root;
        this.keyLocs = keyLocs;
        this.valueLocs = valueLocs;
    }

    static YamlDocument parse(YAMLFactory factory, String yaml, String source) {
        Map<List<Object>, Loc> keys = new HashMap<>();
        Map<List<Object>, Loc> values = new HashMap<>();
        try (JsonParser p = factory.createParser(yaml)) {
            JsonToken first = p.nextToken();
            ObjectNode root;
            if (first == null || first == JsonToken.VALUE_NULL || (first == JsonToken.VALUE_STRING && p.getText().isEmpty())) {
                root = JsonNodeFactory.instance.objectNode();
            } else if (first != JsonToken.START_OBJECT) {
                Loc at = loc(p.currentTokenLocation());
                throw new ConfigException(source, at.line(), at.column(), "",
                        "the top level must be a mapping of keys to values, found " + tokenKind(first));
            } else {
                values.put(List.of(), loc(p.currentTokenLocation()));
                root = (ObjectNode) readValue(p, source, new ArrayList<>(), keys, values);
            }
            if (p.nextToken() != null) {
                Loc at = loc(p.currentTokenLocation());
                throw new ConfigException(source, at.line(), at.column(), "",
                        "the file holds more than one YAML document; remove the second '---' and what follows it");
            }
            return new YamlDocument(source, root, keys, values);
        } catch (JacksonException e) {
            throw malformed(source, e);
        } catch (IOException e) {
            throw new ConfigException(source, 0, 0, "", "cannot read: " + e.getMessage());
        }
    }

    private static JsonNode readValue(JsonParser p, String source, List<Object> path,
                                      Map<List<Object>, Loc> keys, Map<List<Object>, Loc> values) throws IOException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    List<Object> child = append(path, name);
                    Loc keyLoc = loc(p.currentTokenLocation());
                    if (o.has(name)) {
                        throw new ConfigException(source, keyLoc.line(), keyLoc.column(), KeyPaths.format(child),
                                "duplicate key (it is already set at line " + keys.get(child).line() + ")");
                    }
                    keys.put(child, keyLoc);
                    p.nextToken();
                    values.put(child, loc(p.currentTokenLocation()));
                    o.set(name, readValue(p, source, child, keys, values));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = f.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    List<Object> child = append(path, i++);
                    values.put(child, loc(p.currentTokenLocation()));
                    a.add(readValue(p, source, child, keys, values));
                }
                return a;
            }
            case VALUE_STRING -> {
                return f.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> f.numberNode(p.getIntValue());
                    case LONG -> f.numberNode(p.getLongValue());
                    default -> f.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return f.numberNode(p.getDecimalValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return f.booleanNode(t == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return f.nullNode();
            }
            default -> {
                Loc at = loc(p.currentTokenLocation());
                throw new ConfigException(source, at.line(), at.column(), KeyPaths.format(path),
                        "unsupported YAML value (" + tokenKind(t) + "); use a plain string, number, boolean, list or mapping");
            }
        }
    }

    /** Where the key at {@code path} is written, or the nearest enclosing key, or the start of the file. */
    Loc keyLoc(List<?> path) {
        for (int n = path.size(); n > 0; n--) {
            List<?> p = path.subList(0, n);
            Loc l = keyLocs.get(p);
            if (l == null) l = valueLocs.get(p);
            if (l != null) return l;
        }
        return Loc.START;
    }

    /** Where the value at {@code path} starts, falling back like {@link #keyLoc}. */
    Loc valueLoc(List<?> path) {
        Loc l = valueLocs.get(path);
        return l != null ? l : keyLoc(path);
    }

    /** Records that a key now lives at {@code to}, written where {@code from} was (secret-file indirection). */
    void moved(List<Object> from, List<Object> to) {
        keyLocs.put(to, keyLoc(from));
        valueLocs.put(to, valueLoc(from));
    }

    ConfigException error(List<?> path, boolean atKey, String problem) {
        for (int n = path.size(); n > 0; n--) {
            String variable = fromEnvironment.get(path.subList(0, n));
            if (variable != null) return new ConfigException(variable, 0, 0, KeyPaths.format(path), problem);
        }
        Loc l = atKey ? keyLoc(path) : valueLoc(path);
        return new ConfigException(source, l.line(), l.column(), KeyPaths.format(path), problem);
    }

    private static ConfigException malformed(String source, JacksonException e) {
        Throwable cause = e.getCause();
        if (cause instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            Mark mark = m.getProblemMark();
            StringBuilder problem = new StringBuilder("malformed YAML: ").append(clean(m.getProblem()));
            if (m.getContext() != null) {
                problem.append(" (").append(clean(m.getContext()));
                if (m.getContextMark() != null) problem.append(" at line ").append(m.getContextMark().getLine() + 1);
                problem.append(')');
            }
            return new ConfigException(source, mark.getLine() + 1, mark.getColumn() + 1, "", problem.toString());
        }
        Loc at = loc(e.getLocation());
        return new ConfigException(source, at.line(), at.column(), "", "malformed YAML: " + clean(e.getOriginalMessage()));
    }

    private static String clean(String s) {
        if (s == null) return "unreadable input";
        String oneLine = s.replace('\n', ' ').replace('\r', ' ').trim();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }

    private static Loc loc(JsonLocation l) {
        if (l == null || l.getLineNr() <= 0) return Loc.START;
        return new Loc(l.getLineNr(), Math.max(1, l.getColumnNr()));
    }

    private static List<Object> append(List<Object> path, Object element) {
        List<Object> l = new ArrayList<>(path.size() + 1);
        l.addAll(path);
        l.add(element);
        return List.copyOf(l);
    }

    static String tokenKind(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "a list";
            case START_OBJECT -> "a mapping";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "an empty value";
            default -> "a " + t.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        };
    }
}
