package dev.clawdbot.core.config;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.type.TypeFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Prepares the parsed tree for binding: interpolates {@code ${VAR}} in every string scalar (never in keys, so
 * no variable can add structure) and replaces {@code fooFile: PATH} / {@code foo_file: PATH} by {@code foo}
 * read from that file, where the target record has a String component {@code foo} (or a {@link Secret} list, filled
 * with the file's non-blank lines) and none named like the key.
 */
final class TreePreparer {

    private final YamlDocument doc;
    private final Interpolator interpolator;
    private final TypeFactory types;
    private final Path baseDir;
    private final Consumer<String> warnings;
    /** Paths whose value came from the environment or a secret file: messages describe them, never quote them. */
    final Set<List<Object>> opaque = new HashSet<>();

    TreePreparer(YamlDocument doc, Interpolator interpolator, TypeFactory types, Path baseDir, Consumer<String> warnings) {
        this.doc = doc;
        this.interpolator = interpolator;
        this.types = types;
        this.baseDir = baseDir;
        this.warnings = warnings;
    }

    void prepare(JavaType rootType) {
        prepareObject(doc.root, rootType, List.of());
    }

    private JsonNode prepare(JsonNode node, JavaType type, List<Object> path) {
        if (node instanceof TextNode t) {
            Interpolator.Result r;
            try {
                r = interpolator.apply(t.textValue());
            } catch (IllegalArgumentException e) {
                throw doc.error(path, false, e.getMessage());
            }
            if (r.substituted()) opaque.add(path);
            return r.value().equals(t.textValue()) ? node : TextNode.valueOf(r.value());
        }
        if (node instanceof ObjectNode o) {
            prepareObject(o, type, path);
        } else if (node instanceof ArrayNode a) {
            JavaType element = type != null && (type.isCollectionLikeType() || type.isArrayType()) ? type.getContentType() : null;
            for (int i = 0; i < a.size(); i++) a.set(i, prepare(a.get(i), element, append(path, i)));
        }
        return node;
    }

    private void prepareObject(ObjectNode o, JavaType type, List<Object> path) {
        JavaType t = type != null && type.isReferenceType() ? type.getContentType() : type;
        Class<?> raw = t == null ? null : t.getRawClass();
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            List<Object> child = append(path, name);
            if (raw != null && raw.isRecord()) {
                RecordComponent c = component(raw, name);
                if (c != null) {
                    o.set(name, prepare(o.get(name), types.constructType(c.getGenericType()), child));
                    continue;
                }
                String base = secretBase(raw, name);
                if (base != null) {
                    readSecret(raw, o, name, base, child, append(path, base));
                    continue;
                }
                o.set(name, prepare(o.get(name), null, child));
            } else {
                JavaType content = t != null && t.isMapLikeType() ? t.getContentType() : null;
                o.set(name, prepare(o.get(name), content, child));
            }
        }
    }

    private void readSecret(Class<?> record, ObjectNode o, String key, String base, List<Object> keyPath, List<Object> basePath) {
        if (o.has(base)) {
            throw doc.error(keyPath, true, "set either '" + base + "' or '" + key + "', not both");
        }
        JsonNode value = prepare(o.get(key), null, keyPath);
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw doc.error(keyPath, false, "expected the path of a file holding the secret");
        }
        Path file = baseDir.resolve(value.textValue().trim());
        String secret;
        try {
            secret = SecretFiles.read(file);
        } catch (IOException e) {
            throw doc.error(keyPath, false, "cannot read secret file " + file + ": " + SecretFiles.whyUnreadable(file, e));
        }
        warnIfShared(file, keyPath);
        o.remove(key);
        RecordComponent target = component(record, base);
        if (target != null && List.class.isAssignableFrom(target.getType())) {
            // A list of secrets (e.g. the bridge's keys during a rotation): one per non-blank line of the file.
            ArrayNode list = o.putArray(base);
            secret.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(list::add);
        } else {
            o.put(base, secret);
        }
        doc.moved(keyPath, basePath);
        opaque.add(basePath);
    }

    private void warnIfShared(Path file, List<Object> keyPath) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                YamlDocument.Loc l = doc.keyLoc(keyPath);
                warnings.accept(doc.source + ":" + l.line() + ":" + l.column() + ": " + KeyPaths.format(keyPath)
                        + ": secret file " + file + " is readable by group or others ("
                        + PosixFilePermissions.toString(perms) + "): run chmod 600 " + file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: there are no group/other bits to check.
        }
    }

    /** The secret component {@code key} stands for, or null when {@code key} is not a file indirection. */
    private static String secretBase(Class<?> record, String key) {
        String base = key.endsWith("_file") ? key.substring(0, key.length() - 5)
                : key.endsWith("File") ? key.substring(0, key.length() - 4) : null;
        if (base == null || base.isEmpty()) return null;
        for (String name : new String[]{base, camel(base)}) {
            RecordComponent c = component(record, name);
            if (c != null && (c.getType() == String.class || c.isAnnotationPresent(Secret.class) && List.class.isAssignableFrom(c.getType()))) {
                return name;
            }
        }
        return null;
    }

    /** {@code api_key} → {@code apiKey}, so {@code api_key_file} finds the component {@code apiKey}. */
    private static String camel(String snake) {
        StringBuilder sb = new StringBuilder(snake.length());
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = !sb.isEmpty();
            } else {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return sb.toString();
    }

    private static RecordComponent component(Class<?> record, String name) {
        for (RecordComponent c : record.getRecordComponents()) {
            if (c.getName().equals(name)) return c;
        }
        return null;
    }

    private static List<Object> append(List<Object> path, Object element) {
        List<Object> l = new ArrayList<>(path.size() + 1);
        l.addAll(path);
        l.add(element);
        return List.copyOf(l);
    }
}
