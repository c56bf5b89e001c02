package dev.clawdbot.siem.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rules arranged as Wazuh arranges them: template rules (id below 10) and rules with no parent link at the
 * top, every other rule a child of the rules its {@code if_sid}/{@code if_group}/{@code if_level} names (or of
 * its category's template rule), siblings ordered by level, highest first, ties in load order. A rule with
 * only {@code if_matched_sid}/{@code if_matched_group} hangs under the rules it correlates with.
 */
final class RuleTree {

    static final class Node {
        final Rule rule;
        /** The rule's description, split into text and {@code $(field)}s once at load. */
        final Description description;
        final List<Node> children = new ArrayList<>();

        Node(Rule rule) {
            this.rule = rule;
            this.description = Description.of(rule.description());
        }
    }

    final List<Node> roots = new ArrayList<>();
    final Map<Integer, Node> byId = new LinkedHashMap<>();

    /** Adds rules in load order; a rule whose parent cannot be found is reported and left out. */
    RuleTree(List<Rule> rules, List<LoadProblem> problems) {
        for (Rule r : rules) {
            Node node = new Node(r);
            List<Node> parents = parents(r);
            if (parents == null) {
                problems.add(new LoadProblem(r.source().file(), r.source().line(), "rule " + r.id(),
                        "no loaded rule matches its if_sid/if_group/if_level/if_matched_sid/if_matched_group; rule skipped"));
                continue;
            }
            byId.put(r.id(), node);
            if (parents.isEmpty()) insert(roots, node);
            for (Node p : parents) insert(p.children, node);
        }
    }

    /** The parents, empty for a root, or null when the named parents do not exist. */
    private List<Node> parents(Rule r) {
        List<Node> out = new ArrayList<>();
        if (r.id() < 10) return out;
        if (!r.ifSid().isEmpty() || (!r.ifMatchedSid().isEmpty() && r.ifGroup() == null && r.ifLevel() == 0)) {
            for (int sid : r.ifSid().isEmpty() ? r.ifMatchedSid() : r.ifSid()) {
                Node p = byId.get(sid);
                if (p == null) return null;
                out.add(p);
            }
            return out;
        }
        if (r.ifLevel() > 0) {
            for (Node n : byId.values()) if (n.rule.level() >= r.ifLevel()) out.add(n);
            return out.isEmpty() ? null : out;
        }
        String group = r.ifGroup() != null ? r.ifGroup() : r.ifMatchedGroup();
        if (group != null) {
            for (Node n : byId.values()) if (n.rule.inGroup(group)) out.add(n);
            return out.isEmpty() ? null : out;
        }
        String category = r.category() == null ? "syslog" : r.category();
        for (Node root : roots) {
            if (root.rule.id() < 10 && category.equals(root.rule.category() == null ? "syslog" : root.rule.category())) {
                out.add(root);
                return out;
            }
        }
        return out;
    }

    /**
     * Before the first sibling of lower priority: Wazuh's ordering, which lets specific high-level children win.
     * Level 0 ranks above 16 (Wazuh loads it as 99): the level-0 grouping rules such as "sshd messages" are tried
     * before generic siblings such as "bad word in a syslog line".
     */
    private static void insert(List<Node> siblings, Node node) {
        int i = 0;
        while (i < siblings.size() && priority(siblings.get(i).rule) >= priority(node.rule)) i++;
        siblings.add(i, node);
    }

    private static int priority(Rule r) {
        return r.level() == 0 ? 99 : r.level();
    }

    int size() {
        return byId.size();
    }
}
