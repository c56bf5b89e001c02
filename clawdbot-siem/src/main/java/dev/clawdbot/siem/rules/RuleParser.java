package dev.clawdbot.siem.rules;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Turns {@code <rule>} elements into {@link Rule}s; a rule using anything unsupported is skipped and reported. */
final class RuleParser {

    private static final Set<String> RULE_ATTRS = Set.of("id", "level", "frequency", "timeframe", "ignore", "overwrite", "noalert", "maxsize");
    private static final Set<String> PATTERN_ATTRS = Set.of("type", "negate");
    /** Elements compared with OS_Match by default, named as the decoded field they test. */
    private static final Set<String> OSMATCH_FIELDS = Set.of("user", "srcuser", "dstuser", "program_name", "hostname", "id", "url",
            "action", "status", "system_name", "protocol", "data", "extra_data", "location", "srcport", "dstport");
    /** {@code same_X}/{@code different_X} elements and the field each compares. */
    private static final Map<String, String> CORRELATED = Map.ofEntries(
            Map.entry("srcip", "srcip"), Map.entry("source_ip", "srcip"), Map.entry("dstip", "dstip"),
            Map.entry("srcport", "srcport"), Map.entry("src_port", "srcport"), Map.entry("dstport", "dstport"),
            Map.entry("dst_port", "dstport"), Map.entry("user", "user"), Map.entry("srcuser", "srcuser"),
            Map.entry("dstuser", "dstuser"), Map.entry("location", "location"), Map.entry("id", "id"),
            Map.entry("protocol", "protocol"), Map.entry("action", "action"), Map.entry("url", "url"),
            Map.entry("status", "status"), Map.entry("system_name", "system_name"), Map.entry("data", "data"),
            Map.entry("extra_data", "extra_data"));

    private final String file;
    private final List<LoadProblem> problems;
    private final Function<String, CdbList> lists;

    RuleParser(String file, List<LoadProblem> problems, Function<String, CdbList> lists) {
        this.file = file;
        this.problems = problems;
        this.lists = lists;
    }

    /** The rule, or null (with a problem recorded). {@code groupNames} come from the enclosing {@code <group name=>}. */
    Rule parse(XmlNode node, List<String> groupNames, Vars vars) {
        String idText = node.attr("id");
        String construct = "rule " + idText;
        try {
            for (String a : node.attrs().keySet()) {
                if (!RULE_ATTRS.contains(a)) throw new Unsupported(node, construct + " attribute " + a, "not supported");
            }
            int id = intAttr(node, vars, "id", 1, 999_999, -1);
            int level = intAttr(node, vars, "level", 0, 16, -1);
            if (id < 0 || level < 0) throw new Unsupported(node, construct, "id and level are required");
            int frequency = intAttr(node, vars, "frequency", 1, 9999, 0);
            int timeframe = intAttr(node, vars, "timeframe", 1, 999_999, 0);
            int ignore = intAttr(node, vars, "ignore", 1, 999_999, 0);
            int maxsize = intAttr(node, vars, "maxsize", 1, 999_999, 0);
            boolean overwrite = "yes".equals(node.attr("overwrite"));
            boolean noalert = node.attr("noalert") != null && !"0".equals(node.attr("noalert")) && !"no".equals(node.attr("noalert"));

            List<Condition> conditions = new ArrayList<>();
            if (maxsize > 0) conditions.add(new Condition.MaxSize(maxsize));
            List<String> groups = new ArrayList<>(groupNames);
            List<String> mitre = new ArrayList<>();
            List<Integer> ifSid = new ArrayList<>();
            List<Integer> ifMatchedSid = new ArrayList<>();
            String ifGroup = null;
            String ifMatchedGroup = null;
            int ifLevel = 0;
            List<String> same = new ArrayList<>();
            List<String> different = new ArrayList<>();
            Set<Rule.Option> options = EnumSet.noneOf(Rule.Option.class);
            String description = "";
            String category = null;
            List<IpRange> srcPos = new ArrayList<>(), srcNeg = new ArrayList<>(), dstPos = new ArrayList<>(), dstNeg = new ArrayList<>();

            for (XmlNode c : node.children()) {
                String text = vars.apply(c.text());
                String el = c.name();
                try {
                    switch (el) {
                        case "match" -> conditions.add(pattern(c, "log", text, "osmatch"));
                        case "regex" -> conditions.add(pattern(c, "log", text, "osregex"));
                        case "field" -> {
                            String name = c.attr("name");
                            if (name == null) throw new IllegalArgumentException("missing name attribute");
                            DecoderParser.checkAttrs(c, Set.of("name", "type", "negate"));
                            conditions.add(new Condition.PatternOn(Decoders.fieldName(name),
                                    TextPattern.compile(DecoderParser.typeOf(c, "osregex"), text, negate(c))));
                        }
                        case "decoded_as" -> conditions.add(new Condition.DecodedAs(text));
                        case "category" -> {
                            category = text;
                            conditions.add(new Condition.Category(text));
                        }
                        case "srcip", "dstip" -> {
                            DecoderParser.checkAttrs(c, Set.of());
                            boolean neg = text.startsWith("!");
                            IpRange r = IpRange.parse(neg ? text.substring(1) : text);
                            (el.equals("srcip") ? (neg ? srcNeg : srcPos) : (neg ? dstNeg : dstPos)).add(r);
                        }
                        case "time" -> conditions.add(timeOfDay(text));
                        case "weekday" -> conditions.add(weekdays(text));
                        case "if_sid" -> ifSid.addAll(ids(text));
                        case "if_matched_sid" -> ifMatchedSid.addAll(ids(text));
                        case "if_group" -> ifGroup = text;
                        case "if_matched_group" -> ifMatchedGroup = text;
                        case "if_level" -> ifLevel = Integer.parseInt(text);
                        case "same_field" -> same.add(text);
                        case "different_field" -> different.add(text);
                        case "description" -> description = text;
                        case "group" -> Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(groups::add);
                        case "mitre" -> {
                            for (XmlNode m : c.children()) {
                                if (!m.name().equals("id")) throw new IllegalArgumentException("<mitre> takes only <id>");
                                mitre.add(m.text());
                            }
                        }
                        // Free text shown with the rule; no effect on matching.
                        case "info", "comment" -> {
                        }
                        case "options" -> options.add(option(text));
                        case "list" -> conditions.add(list(c, text));
                        default -> {
                            if (OSMATCH_FIELDS.contains(el)) {
                                conditions.add(pattern(c, Decoders.fieldName(el), text, "osmatch"));
                            } else if (el.startsWith("same_") && CORRELATED.containsKey(el.substring(5))) {
                                same.add(CORRELATED.get(el.substring(5)));
                            } else if (el.startsWith("different_") && CORRELATED.containsKey(el.substring(10))) {
                                different.add(CORRELATED.get(el.substring(10)));
                            } else {
                                throw new Unsupported(c, construct + " <" + el + ">", "not supported");
                            }
                        }
                    }
                } catch (IllegalArgumentException e) {
                    throw new Unsupported(c, construct + " <" + el + ">", e.getMessage());
                }
            }
            if (!srcPos.isEmpty() || !srcNeg.isEmpty()) conditions.add(new Condition.Ips("srcip", srcPos, srcNeg));
            if (!dstPos.isEmpty() || !dstNeg.isEmpty()) conditions.add(new Condition.Ips("dstip", dstPos, dstNeg));
            if ((frequency > 1 || !same.isEmpty() || !different.isEmpty()) && ifMatchedSid.isEmpty() && ifMatchedGroup == null && ifSid.isEmpty() && ifGroup == null) {
                throw new Unsupported(node, construct, "frequency and same_/different_ need if_matched_sid, if_matched_group, if_sid or if_group");
            }
            return new Rule(id, level, description, List.copyOf(new LinkedHashSet<>(groups)), List.copyOf(mitre), List.copyOf(conditions),
                    List.copyOf(ifSid), ifGroup, ifLevel, List.copyOf(ifMatchedSid), ifMatchedGroup, frequency,
                    timeframe == 0 ? 360 : timeframe, ignore, List.copyOf(same), List.copyOf(different), noalert, overwrite,
                    Set.copyOf(options), category, new Decoder.Source(file, node.line()));
        } catch (Unsupported u) {
            problems.add(new LoadProblem(file, u.at.line(), u.construct, u.getMessage() + "; rule skipped"));
            return null;
        }
    }

    private Condition list(XmlNode c, String path) {
        DecoderParser.checkAttrs(c, Set.of("field", "lookup", "check_value"));
        String field = c.attr("field");
        String lookup = c.attr("lookup") == null ? "match_key" : c.attr("lookup");
        if (field == null) throw new IllegalArgumentException("missing field attribute");
        if (!Set.of("match_key", "not_match_key", "match_key_value", "address_match_key", "not_address_match_key",
                "address_match_key_value").contains(lookup)) {
            throw new IllegalArgumentException("lookup=\"" + lookup + "\" is not supported");
        }
        TextPattern check = c.attr("check_value") == null ? null : TextPattern.compile("osregex", c.attr("check_value"), false);
        return new Condition.ListLookup(Decoders.fieldName(field), lookup, lists.apply(path), check);
    }

    private static Condition.PatternOn pattern(XmlNode c, String field, String text, String dflt) {
        DecoderParser.checkAttrs(c, PATTERN_ATTRS);
        return new Condition.PatternOn(field, TextPattern.compile(DecoderParser.typeOf(c, dflt), text, negate(c)));
    }

    private static boolean negate(XmlNode c) {
        return "yes".equalsIgnoreCase(c.attr("negate"));
    }

    private static Rule.Option option(String text) {
        return switch (text) {
            case "no_full_log" -> Rule.Option.NO_FULL_LOG;
            case "alert_by_email" -> Rule.Option.ALERT_BY_EMAIL;
            case "no_email_alert" -> Rule.Option.NO_EMAIL_ALERT;
            case "no_log" -> Rule.Option.NO_LOG;
            default -> throw new IllegalArgumentException("option '" + text + "' is not supported");
        };
    }

    private static List<Integer> ids(String text) {
        List<Integer> out = new ArrayList<>();
        for (String s : text.split("[,\\s]+")) if (!s.isBlank()) out.add(Integer.parseInt(s.strip()));
        if (out.isEmpty()) throw new IllegalArgumentException("no rule ids");
        return out;
    }

    /** {@code hh:mm-hh:mm}, {@code 6 pm - 8:30 am}, with a leading {@code !} to negate. */
    static Condition.TimeOfDay timeOfDay(String text) {
        boolean neg = text.startsWith("!");
        String t = (neg ? text.substring(1) : text).toLowerCase(Locale.ROOT);
        String[] parts = t.split("-");
        if (parts.length != 2) throw new IllegalArgumentException("time must be 'from - to', was '" + text + "'");
        return new Condition.TimeOfDay(minute(parts[0]), minute(parts[1]), neg);
    }

    private static int minute(String s) {
        String t = s.strip();
        int add = 0;
        if (t.endsWith("am") || t.endsWith("pm")) {
            add = t.endsWith("pm") ? 12 * 60 : 0;
            t = t.substring(0, t.length() - 2).strip();
        }
        String[] hm = t.split(":");
        int h = Integer.parseInt(hm[0].strip());
        int m = hm.length > 1 ? Integer.parseInt(hm[1].strip()) : 0;
        if (add > 0 || s.strip().endsWith("am")) h = h % 12;
        if (h > 23 || m > 59) throw new IllegalArgumentException("bad time '" + s + "'");
        return h * 60 + m + add;
    }

    static Condition.Weekdays weekdays(String text) {
        boolean neg = text.startsWith("!");
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String d : (neg ? text.substring(1) : text).toLowerCase(Locale.ROOT).split("[,\\s]+")) {
            switch (d) {
                case "" -> {
                }
                case "weekdays" -> days.addAll(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
                case "weekends" -> days.addAll(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));
                default -> {
                    try {
                        days.add(DayOfWeek.valueOf(d.toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("unknown weekday '" + d + "'");
                    }
                }
            }
        }
        return new Condition.Weekdays(days, neg);
    }

    /** A numeric attribute; {@code $VAR} values ({@code frequency="$MS_FREQ"} in Wazuh's files) are resolved first. */
    private static int intAttr(XmlNode n, Vars vars, String name, int min, int max, int dflt) {
        String v = n.attr(name);
        if (v == null) return dflt;
        v = vars.apply(v);
        try {
            int i = Integer.parseInt(v.strip());
            if (i < min || i > max) throw new Unsupported(n, "rule " + n.attr("id") + " attribute " + name, "must be " + min + ".." + max + ", was " + i);
            return i;
        } catch (NumberFormatException e) {
            throw new Unsupported(n, "rule " + n.attr("id") + " attribute " + name, "not a number: " + v);
        }
    }

    private static final class Unsupported extends RuntimeException {
        final transient XmlNode at;
        final String construct;

        Unsupported(XmlNode at, String construct, String message) {
            super(message, null, false, false);
            this.at = at;
            this.construct = construct;
        }
    }
}
