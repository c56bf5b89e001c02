package dev.clawdbot.siem.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Turns {@code <decoder>} elements into {@link Decoder}s; anything it cannot honour becomes a {@link LoadProblem}. */
final class DecoderParser {

    private static final Set<String> DECODER_ATTRS = Set.of("name", "id");
    private static final Set<String> PATTERN_ATTRS = Set.of("offset", "type");

    private final String file;
    private final List<LoadProblem> problems;

    DecoderParser(String file, List<LoadProblem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** The decoder, or null (with a problem recorded) when it uses something unsupported. */
    Decoder parse(XmlNode node, Vars vars) {
        String name = node.attr("name");
        if (name == null || name.isBlank()) return fail(node, "decoder", "missing name attribute");
        for (String a : node.attrs().keySet()) {
            if (!DECODER_ATTRS.contains(a)) return fail(node, "decoder " + name + " attribute " + a, "not supported; decoder skipped");
        }
        String parent = null;
        String type = "syslog";
        TextPattern program = null;
        TextPattern prematch = null;
        Decoder.Offset prematchOffset = Decoder.Offset.NONE;
        TextPattern regex = null;
        Decoder.Offset regexOffset = Decoder.Offset.NONE;
        List<String> order = List.of();
        boolean ownName = false;
        boolean json = false;
        for (XmlNode c : node.children()) {
            String text = vars.apply(c.text());
            try {
                switch (c.name()) {
                    case "parent" -> parent = text;
                    case "type" -> type = text;
                    case "program_name" -> {
                        checkAttrs(c, Set.of("type"));
                        program = TextPattern.compile(typeOf(c, "osmatch"), text, false);
                    }
                    case "prematch" -> {
                        checkAttrs(c, PATTERN_ATTRS);
                        prematch = TextPattern.compile(typeOf(c, "osregex"), text, false);
                        prematchOffset = Decoder.Offset.parse(c.attr("offset"));
                        if (prematchOffset != Decoder.Offset.NONE && prematchOffset != Decoder.Offset.AFTER_PARENT) {
                            throw new IllegalArgumentException("prematch offset must be after_parent");
                        }
                    }
                    case "regex" -> {
                        checkAttrs(c, PATTERN_ATTRS);
                        regex = TextPattern.compile(typeOf(c, "osregex"), text, false);
                        regexOffset = Decoder.Offset.parse(c.attr("offset"));
                    }
                    case "order" -> order = Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
                    case "use_own_name" -> ownName = text.equalsIgnoreCase("true") || text.equalsIgnoreCase("yes");
                    case "plugin_decoder" -> {
                        if (!text.equals("JSON_Decoder")) throw new IllegalArgumentException("only JSON_Decoder is supported");
                        checkAttrs(c, Set.of("offset"));
                        json = true;
                        if (c.attr("offset") != null) prematchOffset = Decoder.Offset.parse(c.attr("offset"));
                    }
                    // First-time-seen keys only matter to <if_fts/> rules, which are refused where they appear.
                    case "fts", "ftscomment" -> {
                    }
                    default -> {
                        return fail(c, "decoder " + name + " <" + c.name() + ">", "not supported; decoder skipped");
                    }
                }
            } catch (IllegalArgumentException e) {
                return fail(c, "decoder " + name + " <" + c.name() + ">", e.getMessage() + "; decoder skipped");
            }
        }
        if (parent == null && program == null && prematch == null && regex == null && !json) {
            return fail(node, "decoder " + name, "needs program_name, prematch, regex or plugin_decoder; decoder skipped");
        }
        if (regex != null && order.size() < countGroups(regex)) {
            problems.add(new LoadProblem(file, node.line(), "decoder " + name + " <order>",
                    "fewer names than regex groups; extra captures are dropped"));
        }
        return new Decoder(name, parent, type, program, prematch, prematchOffset, regex, regexOffset, order, ownName, json,
                new Decoder.Source(file, node.line()));
    }

    private static int countGroups(TextPattern p) {
        return switch (p) {
            case TextPattern.OsRegexPattern r -> r.regex().groups();
            case TextPattern.Pcre2Pattern r -> r.pattern().groupCount();
            case TextPattern.OsMatchPattern r -> 0;
        };
    }

    static String typeOf(XmlNode c, String dflt) {
        String t = c.attr("type");
        return t == null ? dflt : t.toLowerCase(java.util.Locale.ROOT);
    }

    static void checkAttrs(XmlNode c, Set<String> allowed) {
        List<String> bad = new ArrayList<>();
        for (String a : c.attrs().keySet()) if (!allowed.contains(a)) bad.add(a);
        if (!bad.isEmpty()) throw new IllegalArgumentException("attribute " + String.join(", ", bad) + " not supported");
    }

    private Decoder fail(XmlNode at, String construct, String message) {
        problems.add(new LoadProblem(file, at.line(), construct, message));
        return null;
    }
}
