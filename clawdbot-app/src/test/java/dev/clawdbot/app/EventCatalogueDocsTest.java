package dev.clawdbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clawdbot.core.events.EventCatalogue;
import dev.clawdbot.core.events.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The event catalogue (every module's {@code *Events} class) is the one list of event types: {@code docs/events.md}
 * lists exactly its types at exactly their levels, the shipped SIEM rules match only types it has, and no main code
 * builds an event or a type outside it.
 */
class EventCatalogueDocsTest {

    private static final Path ROOT = SystemdUnitsTest.repoRoot();
    // Patterns over our own docs, rules and sources, never untrusted text.
    private static final Pattern BACKTICKED = Pattern.compile("`([a-z][a-z0-9_.-]*\\.[a-z0-9_.-]+)`");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])(\\d{1,2})(?![\\w])");
    private static final Pattern RULE_TYPE = Pattern.compile("<field name=\"type\">([^<]*)</field>");

    @Test
    void eventsMdListsExactlyTheCatalogueAtItsLevels() throws IOException {
        Map<String, EventType> catalogue = EventCatalogue.all();
        Map<String, List<Integer>> documented = documentedLevels(Files.readAllLines(ROOT.resolve("docs/events.md")));

        assertThat(new TreeSet<>(documented.keySet())).as("types in docs/events.md")
                .isEqualTo(new TreeSet<>(catalogue.keySet()));
        Map<String, String> wrong = new TreeMap<>();
        catalogue.forEach((name, type) -> {
            List<Integer> doc = documented.get(name);
            if (doc.isEmpty() || doc.getFirst() != type.level() || !new TreeSet<>(doc).equals(new TreeSet<>(type.levels()))) {
                wrong.put(name, "catalogue " + type.level() + " " + type.sortedLevels() + ", docs " + doc);
            }
        });
        assertThat(wrong).as("levels: the docs' first number is the usual level, the rest the alternatives").isEmpty();
    }

    @Test
    void everyEventTypeAShippedSiemRuleMatchesIsCatalogued() throws IOException {
        Map<String, EventType> catalogue = EventCatalogue.all();
        List<String> unknown = new ArrayList<>();
        int named = 0;
        for (String file : List.of("rules-clawdbot.xml", "rules-system.xml", "rules-web.xml")) {
            Matcher m = RULE_TYPE.matcher(resource("dev/clawdbot/siem/ruleset/" + file));
            while (m.find()) {
                for (String alternative : m.group(1).split("\\|")) {
                    named++;
                    String a = alternative.strip();
                    boolean exact = a.startsWith("^") && a.endsWith("$");
                    String name = a.replace("^", "").replace("$", "");
                    boolean known = exact ? catalogue.containsKey(name) : catalogue.keySet().stream().anyMatch(t -> t.startsWith(name));
                    if (!known) unknown.add(file + ": " + a);
                }
            }
        }
        assertThat(named).as("type patterns found in the shipped rules").isGreaterThan(20);
        assertThat(unknown).as("rule type patterns that match no catalogued event type").isEmpty();
    }

    @Test
    void noMainCodeBuildsAnEventOrATypeOutsideTheCatalogue() throws IOException {
        List<String> bypasses = new ArrayList<>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path module : modules.filter(p -> p.getFileName().toString().startsWith("clawdbot-")).toList()) {
                Path main = module.resolve("src/main/java");
                if (!Files.isDirectory(main)) continue;
                try (Stream<Path> files = Files.walk(main)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                        String name = f.getFileName().toString();
                        String text = Files.readString(f);
                        boolean coreEvents = f.toString().contains("/dev/clawdbot/core/events/");
                        // SseReader has an Event of its own (a server-sent event), hence the import check.
                        if (!coreEvents && text.contains("import dev.clawdbot.core.events.Event;") && text.contains("new Event("))
                            bypasses.add(ROOT.relativize(f) + ": new Event(");
                        if (!coreEvents && !name.endsWith("Events.java") && (text.contains("EventType.of(") || text.contains("new EventType(")))
                            bypasses.add(ROOT.relativize(f) + ": declares an EventType outside its module's catalogue");
                    }
                }
            }
        }
        assertThat(bypasses).isEmpty();
    }

    /** Every backticked type in the first cell of a table whose header starts with "type", with its level cell's numbers 0..15. */
    static Map<String, List<Integer>> documentedLevels(List<String> lines) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        int levelColumn = -1;
        boolean inTable = false;
        for (String line : lines) {
            if (!line.startsWith("|")) {
                inTable = false;
                continue;
            }
            List<String> cells = cells(line);
            if (!inTable) {
                inTable = true;
                levelColumn = cells.getFirst().equals("type") ? cells.indexOf("level") : -1;
                continue;
            }
            if (levelColumn < 0 || cells.getFirst().startsWith("---") || cells.size() <= levelColumn) continue;
            List<Integer> levels = new ArrayList<>();
            Matcher n = NUMBER.matcher(cells.get(levelColumn));
            while (n.find()) {
                int l = Integer.parseInt(n.group(1));
                if (l <= 15) levels.add(l);
            }
            Matcher t = BACKTICKED.matcher(cells.getFirst());
            while (t.find()) out.put(t.group(1), levels);
        }
        return out;
    }

    private static List<String> cells(String row) {
        String inner = row.strip();
        inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
        List<String> out = new ArrayList<>();
        for (String c : inner.split("\\|", -1)) out.add(c.strip());
        return out;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = EventCatalogueDocsTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
