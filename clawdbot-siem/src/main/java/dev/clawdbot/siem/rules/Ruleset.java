package dev.clawdbot.siem.rules;

import javax.xml.stream.XMLStreamException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loaded decoders and rules, immutable and shared by every {@link Analyzer}. Anything in the files that is
 * not supported is listed in {@link #problems()} with its file and line, never silently dropped.
 */
public final class Ruleset {

    /** One decoder or rule file: its name (for problems) and its text. */
    public record SourceFile(String name, String text) {
    }

    private static final String SHIPPED = "/dev/clawdbot/siem/ruleset/";

    final Decoders decoders;
    final RuleTree tree;
    private final List<LoadProblem> problems;

    private Ruleset(Decoders decoders, RuleTree tree, List<LoadProblem> problems) {
        this.decoders = decoders;
        this.tree = tree;
        this.problems = List.copyOf(problems);
    }

    public List<LoadProblem> problems() {
        return problems;
    }

    public int decoderCount() {
        return decoders.size();
    }

    public int ruleCount() {
        return tree.size();
    }

    /** Clawdbot's own decoders and rules, from the jar. */
    public static Ruleset shipped() {
        return of(shippedFiles(), path -> {
            throw new IllegalArgumentException("the shipped ruleset has no list " + path);
        });
    }

    private static List<SourceFile> shippedFiles() {
        List<SourceFile> files = new ArrayList<>();
        for (String name : resource("index.txt").lines().map(String::strip).filter(s -> !s.isEmpty()).toList()) {
            files.add(new SourceFile("ruleset/" + name, resource(name)));
        }
        return files;
    }

    private static String resource(String name) {
        try (InputStream in = Ruleset.class.getResourceAsStream(SHIPPED + name)) {
            if (in == null) throw new IllegalStateException("missing resource " + SHIPPED + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The XML files in each directory and in its {@code decoders/} and {@code rules/} subdirectories, in name
     * order per directory; CDB lists named by rules are looked up under the directory, its {@code lists/}, and
     * the directory's parent (Wazuh's rules name them as {@code etc/lists/NAME}).
     */
    public static Ruleset load(List<Path> dirs) throws IOException {
        return load(dirs, false);
    }

    /** As {@link #load(List)}, after the shipped files when {@code withShipped} (the siem role's configuration). */
    public static Ruleset load(List<Path> dirs, boolean withShipped) throws IOException {
        List<SourceFile> files = new ArrayList<>(withShipped ? shippedFiles() : List.of());
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) throw new IOException(dir + ": not a directory");
            for (Path d : List.of(dir, dir.resolve("decoders"), dir.resolve("rules"))) {
                if (!Files.isDirectory(d)) continue;
                try (Stream<Path> s = Files.list(d)) {
                    for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".xml")).sorted().toList()) {
                        files.add(new SourceFile(f.toString(), Files.readString(f)));
                    }
                }
            }
        }
        Map<String, CdbList> cache = new HashMap<>();
        return of(files, path -> cache.computeIfAbsent(path, p -> readList(dirs, p)));
    }

    private static CdbList readList(List<Path> dirs, String path) {
        String base = Path.of(path).getFileName().toString();
        for (Path dir : dirs) {
            String underEtc = path.startsWith("etc/") ? path.substring(4) : path;
            for (Path candidate : List.of(dir.resolve(path), dir.resolve(underEtc), dir.resolve("lists").resolve(base), dir.resolve(base),
                    dir.toAbsolutePath().getParent() == null ? dir.resolve(path) : dir.toAbsolutePath().getParent().resolve(path))) {
                if (Files.isRegularFile(candidate)) {
                    try {
                        return CdbList.read(candidate);
                    } catch (IOException e) {
                        throw new IllegalArgumentException("cannot read list " + candidate + ": " + e.getMessage());
                    }
                }
            }
        }
        throw new IllegalArgumentException("list " + path + " not found under " + dirs);
    }

    /** Loads decoders first (from every file), then rules, so rule files may name decoders from any file. */
    public static Ruleset of(List<SourceFile> files, java.util.function.Function<String, CdbList> lists) {
        List<LoadProblem> problems = new ArrayList<>();
        List<Decoder> decoders = new ArrayList<>();
        Map<Integer, Rule> rules = new LinkedHashMap<>();
        Map<String, List<XmlNode>> parsed = new LinkedHashMap<>();
        for (SourceFile f : files) {
            try {
                parsed.put(f.name(), XmlNode.parse(f.text()));
            } catch (XMLStreamException e) {
                int line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
                problems.add(new LoadProblem(f.name(), line, "xml", e.getMessage().lines().reduce((a, b) -> b).orElse("malformed") + "; file skipped"));
            }
        }
        for (Map.Entry<String, List<XmlNode>> e : parsed.entrySet()) {
            DecoderParser dp = new DecoderParser(e.getKey(), problems);
            Vars vars = new Vars();
            for (XmlNode n : e.getValue()) {
                if (n.name().equals("var")) vars.define(n.attr("name"), n.text());
                else if (n.name().equals("decoder")) {
                    Decoder d = dp.parse(n, vars);
                    if (d != null) decoders.add(d);
                }
            }
        }
        Decoders decoderSet = new Decoders(decoders);
        for (Map.Entry<String, List<XmlNode>> e : parsed.entrySet()) {
            RuleParser rp = new RuleParser(e.getKey(), problems, lists);
            Vars vars = new Vars();
            for (XmlNode n : e.getValue()) {
                switch (n.name()) {
                    case "var" -> vars.define(n.attr("name"), n.text());
                    case "decoder" -> {
                    }
                    case "group" -> {
                        List<String> groupNames = n.attr("name") == null ? List.of()
                                : Arrays.stream(n.attr("name").split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
                        for (XmlNode r : n.children()) {
                            if (!r.name().equals("rule")) {
                                problems.add(new LoadProblem(e.getKey(), r.line(), "<" + r.name() + ">", "not supported inside <group>; skipped"));
                                continue;
                            }
                            add(rules, rp.parse(r, groupNames, vars), problems);
                        }
                    }
                    case "rule" -> add(rules, rp.parse(n, List.of(), vars), problems);
                    default -> problems.add(new LoadProblem(e.getKey(), n.line(), "<" + n.name() + ">", "not supported at top level; skipped"));
                }
            }
        }
        for (Rule r : rules.values()) {
            for (Condition c : r.conditions()) {
                if (c instanceof Condition.DecodedAs d && !decoderSet.hasDecoder(d.name())) {
                    problems.add(new LoadProblem(r.source().file(), r.source().line(), "rule " + r.id() + " <decoded_as>",
                            "no decoder named '" + d.name() + "' is loaded; the rule can never match"));
                }
            }
        }
        return new Ruleset(decoderSet, new RuleTree(List.copyOf(rules.values()), problems), problems);
    }

    /** {@code overwrite="yes"} replaces an earlier rule of that id in place; a plain duplicate is refused. */
    private static void add(Map<Integer, Rule> rules, Rule r, List<LoadProblem> problems) {
        if (r == null) return;
        Rule old = rules.get(r.id());
        if (old != null && !r.overwrite()) {
            problems.add(new LoadProblem(r.source().file(), r.source().line(), "rule " + r.id(),
                    "duplicate id (first at " + old.source() + "); use overwrite=\"yes\" to replace it; skipped"));
            return;
        }
        if (old == null && r.overwrite()) {
            problems.add(new LoadProblem(r.source().file(), r.source().line(), "rule " + r.id(), "overwrite of a rule that is not loaded; skipped"));
            return;
        }
        rules.put(r.id(), r);
    }
}
