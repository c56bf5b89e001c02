package dev.clawdbot.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes the set {@link EnvKey} variables into the prepared tree, in table order, before binding. */
final class EnvOverlay {

    private EnvOverlay() {
    }

    static void apply(YamlDocument doc, Map<String, String> env, List<EnvKey> keys, Set<List<Object>> opaque) {
        if (env == null) return;
        for (EnvKey k : keys) {
            JsonNode value = value(k, env);
            if (value == null) continue;
            List<String> path = k.path();
            ObjectNode parent = doc.root;
            for (String name : path.subList(0, path.size() - 1)) {
                JsonNode child = parent.get(name);
                if (child == null || child.isNull()) child = parent.putObject(name);
                // The file put a scalar or a list where a section belongs: binding reports that at its line.
                if (!(child instanceof ObjectNode o)) {
                    parent = null;
                    break;
                }
                parent = o;
            }
            if (parent == null) continue;
            JsonNode before = parent.get(path.getLast());
            if (k.onlyIfUnset() && before != null && !before.isNull()) continue;
            if (k.value() != null) value = TextNode.valueOf(k.value());
            parent.set(path.getLast(), value);
            doc.fromEnvironment.put(path, k.variable());
            if (k.shape() == EnvKey.Shape.SECRET && k.value() == null) opaque.add(new ArrayList<>(path));
        }
    }

    private static JsonNode value(EnvKey k, Map<String, String> env) {
        return switch (k.shape()) {
            case TEXT -> {
                String v = env.get(k.variable());
                yield v == null || v.isBlank() ? null : TextNode.valueOf(v.strip());
            }
            case SECRET -> Secrets.fromEnv(env, k.variable()).map(String::strip).filter(s -> !s.isEmpty())
                    .<JsonNode>map(TextNode::valueOf).orElse(null);
            case LIST -> {
                String v = env.get(k.variable());
                if (v == null || v.isBlank()) yield null;
                ArrayNode items = JsonNodeFactory.instance.arrayNode();
                for (String part : v.split(",")) if (!part.isBlank()) items.add(part.strip());
                yield items;
            }
        };
    }
}
