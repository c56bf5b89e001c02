package dev.clawdbot.siem.rules;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs lines through a {@link Ruleset} and keeps the correlation state of one session: which events each
 * rule and group produced recently (for {@code if_matched_*} and {@code frequency}), when a rule last fired
 * (for {@code ignore}, per value of its {@code same_*} fields) and how often (Wazuh's {@code firedtimes}). Not thread-safe: one per consumer thread.
 */
public final class Analyzer {

    /** Memory bound per correlated rule or group: Wazuh's frequency tops out at 9999. */
    static final int MAX_HISTORY = 10_000;

    private record Seen(Instant time, Observed event) {
    }

    private final Ruleset ruleset;
    private final Clock clock;
    private final ZoneId zone;
    private final Map<Integer, Deque<Seen>> bySid = new HashMap<>();
    private final Map<String, Deque<Seen>> byGroup = new HashMap<>();
    /** Until when a rule is ignored, keyed by rule id and its {@code same_*} values; pruned past {@link #MAX_HISTORY}. */
    private final Map<String, Instant> ignoredUntil = new HashMap<>();
    private final java.util.Set<Integer> watchedSids = new java.util.HashSet<>();
    private final java.util.Set<String> watchedGroups = new java.util.HashSet<>();
    private final Map<Integer, Integer> firedTimes = new HashMap<>();
    /** The rule path of the line being analysed (reused: one analyzer serves one thread). */
    private final List<Rule> path = new ArrayList<>();
    /** The last instant seen and its zoned time: lines arriving within the clock's resolution share one. */
    private Instant lastInstant;
    private java.time.ZonedDateTime lastZoned;

    public Analyzer(Ruleset ruleset, Clock clock, ZoneId zone) {
        this.ruleset = Objects.requireNonNull(ruleset);
        this.clock = clock;
        this.zone = zone;
        // Only what some rule correlates on is remembered, so memory follows the rules, not the traffic.
        for (RuleTree.Node n : ruleset.tree.byId.values()) {
            Rule r = n.rule;
            if (!r.correlates()) continue;
            watchedSids.addAll(r.ifMatchedSid());
            if (r.ifMatchedGroup() != null) watchedGroups.add(r.ifMatchedGroup());
            if (r.ifMatchedSid().isEmpty() && r.ifMatchedGroup() == null) {
                watchedSids.addAll(r.ifSid());
                if (r.ifGroup() != null) watchedGroups.add(r.ifGroup());
            }
        }
    }

    /** Analyses one raw line (syslog header and all) read from {@code location}. */
    public Analysis analyze(String line, String location) {
        Predecoded pre = Predecoded.of(line);
        return analyze(line, pre, location);
    }

    Analysis analyze(String line, Predecoded pre, String location) {
        Instant now = clock.instant();
        if (!now.equals(lastInstant)) {
            lastInstant = now;
            lastZoned = now.atZone(zone);
        }
        Observed ev = new Observed(line, pre, ruleset.decoders.decode(pre), location, lastZoned);
        path.clear();
        RuleTree.Node hit = null;
        for (RuleTree.Node root : ruleset.tree.roots) {
            hit = check(root, ev, path, now);
            if (hit != null) break;
            path.clear();
        }
        Decoded d = ev.decoded();
        if (hit == null) {
            return new Analysis(now, line, location, pre.timestamp(), pre.hostname(), pre.programName(), d.name(), d.parent(),
                    d.fields(), 0, 0, null, List.of(), List.of(), 0, false, false, false);
        }
        Rule rule = hit.rule;
        if (rule.ignore() > 0) ignore(rule, ev, now);
        int fired = firedTimes.merge(rule.id(), 1, Integer::sum);
        remember(rule, ev, now);
        boolean alert = rule.level() > 0 && !rule.noalert() && !rule.options().contains(Rule.Option.NO_LOG);
        boolean mail = rule.options().contains(Rule.Option.ALERT_BY_EMAIL);
        return new Analysis(now, line, location, pre.timestamp(), pre.hostname(), pre.programName(), d.name(), d.parent(),
                d.fields(), rule.id(), rule.level(), hit.description.render(ev), rule.groups(), rule.mitre(), fired,
                alert, mail, rule.options().contains(Rule.Option.NO_FULL_LOG));
    }

    /** The deepest matching rule's node under {@code node}, or null when {@code node} itself does not match. */
    private RuleTree.Node check(RuleTree.Node node, Observed ev, List<Rule> path, Instant now) {
        Rule r = node.rule;
        for (Condition c : r.conditions()) if (!c.test(ev)) return null;
        // While ignored the rule does not match, so the event falls back to its parent (as in Wazuh).
        if (r.ignore() > 0) {
            Instant until = ignoredUntil.get(ignoreKey(r, ev));
            if (until != null && now.isBefore(until)) return null;
        }
        if (r.correlates() && !correlated(r, ev, path, now)) return null;
        path.add(r);
        for (RuleTree.Node child : node.children) {
            RuleTree.Node deeper = check(child, ev, path, now);
            if (deeper != null) return deeper;
        }
        return node;
    }

    /**
     * Counts the earlier events (within {@code timeframe}) whose final rule was one of {@code if_matched_sid}
     * (or was in {@code if_matched_group}, or, for a plain frequency rule, was its parent), keeping those that
     * agree on the {@code same_*} fields and differ on the {@code different_*} ones. The current event counts
     * too when it passed through such a rule; with a frequency of N the rule holds from the N-th event on.
     */
    private boolean correlated(Rule r, Observed ev, List<Rule> path, Instant now) {
        Instant since = now.minusSeconds(r.timeframe());
        List<Deque<Seen>> sources = new ArrayList<>();
        boolean currentCounts;
        if (!r.ifMatchedSid().isEmpty()) {
            for (int sid : r.ifMatchedSid()) sources.add(bySid.getOrDefault(sid, new ArrayDeque<>()));
            currentCounts = path.stream().anyMatch(p -> r.ifMatchedSid().contains(p.id()));
        } else if (r.ifMatchedGroup() != null) {
            sources.add(byGroup.getOrDefault(r.ifMatchedGroup(), new ArrayDeque<>()));
            currentCounts = path.stream().anyMatch(p -> p.inGroup(r.ifMatchedGroup()));
        } else if (!r.ifSid().isEmpty()) {
            for (int sid : r.ifSid()) sources.add(bySid.getOrDefault(sid, new ArrayDeque<>()));
            currentCounts = true;
        } else {
            sources.add(byGroup.getOrDefault(r.ifGroup(), new ArrayDeque<>()));
            currentCounts = true;
        }
        int needed = Math.max(r.frequency(), 1);
        int count = r.frequency() > 1 && currentCounts ? 1 : 0;
        if (count >= needed) return true;
        for (Deque<Seen> q : sources) {
            for (var it = q.descendingIterator(); it.hasNext(); ) {
                Seen s = it.next();
                if (s.time().isBefore(since)) break;
                if (agrees(r, s.event(), ev) && ++count >= needed) return true;
            }
        }
        return false;
    }

    /**
     * A rule with {@code same_srcip} (or another {@code same_*}) is ignored only for the values that fired it:
     * one brute-forcer tripping rule 880110 must not hide a second one for the ignore window.
     */
    private void ignore(Rule r, Observed ev, Instant now) {
        if (ignoredUntil.size() >= MAX_HISTORY) ignoredUntil.values().removeIf(t -> !now.isBefore(t));
        if (ignoredUntil.size() < MAX_HISTORY) ignoredUntil.put(ignoreKey(r, ev), now.plusSeconds(r.ignore()));
    }

    private static String ignoreKey(Rule r, Observed ev) {
        StringBuilder k = new StringBuilder().append(r.id());
        for (String f : r.sameFields()) k.append('\0').append(ev.value(Decoders.fieldName(f)));
        return k.toString();
    }

    private static boolean agrees(Rule r, Observed earlier, Observed now) {
        for (String f : r.sameFields()) {
            String a = now.value(Decoders.fieldName(f));
            if (a == null || !a.equals(earlier.value(Decoders.fieldName(f)))) return false;
        }
        for (String f : r.differentFields()) {
            String a = now.value(Decoders.fieldName(f));
            if (a == null || a.equals(earlier.value(Decoders.fieldName(f)))) return false;
        }
        return true;
    }

    /** Records the event under its final rule and that rule's groups, for later correlation. */
    private void remember(Rule rule, Observed ev, Instant now) {
        Seen s = new Seen(now, ev);
        if (watchedSids.contains(rule.id())) push(bySid.computeIfAbsent(rule.id(), k -> new ArrayDeque<>()), s);
        for (String g : rule.groups()) {
            if (watchedGroups.contains(g)) push(byGroup.computeIfAbsent(g, k -> new ArrayDeque<>()), s);
        }
    }

    private static void push(Deque<Seen> q, Seen s) {
        q.addLast(s);
        // Older than a day is past any timeframe the shipped and Wazuh rulesets use.
        while (q.size() > MAX_HISTORY || q.peekFirst().time().isBefore(s.time().minusSeconds(86_400))) q.removeFirst();
    }
}
