package dev.clawdbot.core.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded property tests: a random valid document, broken in one way, yields exactly one ConfigException
 * whose message names the line (the exact line where the fault is known), and never another exception type.
 */
class ConfigFuzzTest {

    private static final Pattern POSITION = Pattern.compile("^fuzz\\.yaml:(\\d+):(\\d+): .+");

    static IntStream seeds() {
        return IntStream.range(0, 100);
    }

    /** One line of a generated document; leaves know their key path and kind so a fault can target them. */
    record Line(String text, String path, String kind) {
    }

    static List<Line> validDocument(Random r) {
        List<List<Line>> sections = new ArrayList<>();
        sections.add(List.of(new Line("name: " + word(r), "name", "string")));
        sections.add(List.of(
                new Line("gateway:", null, null),
                new Line("  host: " + word(r), "gateway.host", "string"),
                new Line("  port: " + (1 + r.nextInt(65535)), "gateway.port", "int"),
                new Line("  idle: " + (1 + r.nextInt(90)) + List.of("s", "m", "h").get(r.nextInt(3)), "gateway.idle", "duration")));
        sections.add(List.of(
                new Line("agents:", null, null),
                new Line("  - name: " + word(r), "agents[0].name", "string"),
                new Line("    model: " + word(r) + "/" + word(r), "agents[0].model", "string"),
                new Line("    tools: [" + word(r) + ", " + word(r) + "]", "agents[0].tools", "list")));
        String id = word(r);
        sections.add(List.of(
                new Line("limits:", null, null),
                new Line("  " + id + ":", null, null),
                new Line("    maxTurns: " + r.nextInt(100), "limits." + id + ".maxTurns", "int"),
                new Line("    enabled: " + r.nextBoolean(), "limits." + id + ".enabled", "bool")));
        sections.add(List.of(new Line("level: " + List.of("low", "MEDIUM", "High").get(r.nextInt(3)), "level", "enum")));
        sections.add(List.of(new Line("timeout: PT" + (1 + r.nextInt(300)) + "S", "timeout", "duration")));
        sections.add(List.of(new Line("since: 2026-0" + (1 + r.nextInt(9)) + "-1" + r.nextInt(10) + "T0" + r.nextInt(10)
                + ":00:00Z", "since", "instant")));
        java.util.Collections.shuffle(sections, r);
        List<Line> lines = new ArrayList<>();
        int keep = 1 + r.nextInt(sections.size());
        for (int i = 0; i < keep; i++) lines.addAll(sections.get(i));
        return lines;
    }

    private static String word(Random r) {
        String[] words = {"dakota", "alpha", "node7", "office", "gpu", "web", "sysadmin", "relay", "vault"};
        return words[r.nextInt(words.length)];
    }

    private static String join(List<Line> lines) {
        StringBuilder sb = new StringBuilder();
        for (Line l : lines) sb.append(l.text()).append('\n');
        return sb.toString();
    }

    private static ConfigException onlyConfigException(String yaml, Map<String, String> env) {
        try {
            ConfigLoader.parse(yaml, "fuzz.yaml", SampleConfig.class, env);
        } catch (ConfigException e) {
            assertThat(e.getMessage()).as(yaml).matches(POSITION).doesNotContain("\n");
            return e;
        } catch (RuntimeException e) {
            throw new AssertionError("not a ConfigException for:\n" + yaml, e);
        }
        throw new AssertionError("no error for:\n" + yaml);
    }

    private static int line(ConfigException e) {
        Matcher m = POSITION.matcher(e.getMessage());
        assertThat(m.matches()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static List<Integer> leaves(List<Line> lines, String... kinds) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).kind() != null && List.of(kinds).contains(lines.get(i).kind())) out.add(i);
        }
        return out;
    }

    /** The index of a random scalar leaf line other than a list. */
    private static int scalarLeaf(Random r, List<Line> lines) {
        List<Integer> candidates = leaves(lines, "int", "duration", "bool", "enum", "instant", "string");
        return candidates.get(r.nextInt(candidates.size()));
    }

    /** The line up to and including the key's colon, e.g. {@code "  - name:"}. */
    private static String keyPart(Line l) {
        return l.text().substring(0, l.text().indexOf(':') + 1);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void validDocumentsBind(int seed) {
        String yaml = join(validDocument(new Random(seed)));
        assertThat(ConfigLoader.parse(yaml, "fuzz.yaml", SampleConfig.class, Map.of())).as(yaml).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void wrongTypeNamesItsLineAndKey(int seed) {
        Random r = new Random(seed);
        List<Line> lines = new ArrayList<>(validDocument(r));
        List<Integer> candidates = leaves(lines, "int", "duration", "bool", "enum", "instant", "list");
        if (candidates.isEmpty()) {
            lines.add(new Line("level: nine", "level", "enum"));
            candidates = List.of(lines.size() - 1);
        }
        int i = candidates.get(r.nextInt(candidates.size()));
        Line l = lines.get(i);
        String key = keyPart(l);
        String bad = switch (l.kind()) {
            case "list" -> "{a: 1}";
            case "bool" -> "[true]";
            default -> List.of("'not-a-" + l.kind() + "'", "[1, 2]", "{x: y}").get(r.nextInt(3));
        };
        lines.set(i, new Line(key + " " + bad, l.path(), l.kind()));
        ConfigException e = onlyConfigException(join(lines), Map.of());
        assertThat(line(e)).as(e.getMessage()).isEqualTo(i + 1);
        assertThat(e.keyPath()).isEqualTo(l.path());
        assertThat(e.getMessage()).contains("expected ");
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void unknownKeyNamesItsLineAndSuggestsTheRealOne(int seed) {
        Random r = new Random(seed);
        List<Line> lines = new ArrayList<>(validDocument(r));
        int i = scalarLeaf(r, lines);
        Line l = lines.get(i);
        int colon = l.text().indexOf(':');
        String indent = l.text().substring(0, l.text().length() - l.text().stripLeading().length());
        String key = l.text().substring(indent.length(), colon).replace("- ", "");
        String prefix = l.text().substring(0, l.text().indexOf(key));
        String typo = key.length() > 3 ? key.substring(0, 1) + key.charAt(2) + key.charAt(1) + key.substring(3) : key + "x";
        lines.set(i, new Line(prefix + typo + l.text().substring(colon), l.path(), l.kind()));
        ConfigException e = onlyConfigException(join(lines), Map.of());
        assertThat(line(e)).as(e.getMessage()).isEqualTo(i + 1);
        assertThat(e.getMessage()).contains("unknown key").contains("did you mean '" + key + "'?");
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void missingVariableNamesItsLine(int seed) {
        Random r = new Random(seed);
        List<Line> lines = new ArrayList<>(validDocument(r));
        int i = scalarLeaf(r, lines);
        Line l = lines.get(i);
        String key = keyPart(l);
        String var = "MISSING_" + seed;
        lines.set(i, new Line(key + " ${" + var + "}", l.path(), l.kind()));
        ConfigException e = onlyConfigException(join(lines), Map.of("OTHER", "x"));
        assertThat(line(e)).isEqualTo(i + 1);
        assertThat(e.getMessage()).contains("environment variable " + var + " is not set");
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void malformedYamlNamesALineInTheDocument(int seed) {
        Random r = new Random(seed);
        List<Line> lines = new ArrayList<>(validDocument(r));
        int i = r.nextInt(lines.size());
        Line l = lines.get(i);
        String broken = switch (r.nextInt(6)) {
            case 0 -> "\t" + l.text();
            case 1 -> keyPart(l) + " \"unclosed";
            case 2 -> " " + l.text() + ": : :";
            case 3 -> l.text().replace(":", "") + "\n  - [";
            case 4 -> l.text() + "\n" + (l.text().startsWith(" ") ? l.text() : lines.get(0).text());
            default -> l.text().replace(":", ": {") ;
        };
        lines.set(i, new Line(broken, null, null));
        String yaml = join(lines);
        ConfigException e = onlyConfigException(yaml, Map.of());
        assertThat(line(e)).as(e.getMessage()).isBetween(1, (int) yaml.lines().count() + 1);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomBytesNeverEscapeAsAnotherException(int seed) {
        Random r = new Random(seed);
        String alphabet = "abc: -[]{}\"'#&*!|>%@`\t\n ,?$0123456789.\\~";
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(120);
        for (int k = 0; k < n; k++) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        try {
            ConfigLoader.parse(sb.toString(), "fuzz.yaml", SampleConfig.class, Map.of());
        } catch (ConfigException e) {
            assertThat(e.getMessage()).matches(POSITION);
        } catch (RuntimeException e) {
            throw new AssertionError("not a ConfigException for: " + sb, e);
        }
    }
}
