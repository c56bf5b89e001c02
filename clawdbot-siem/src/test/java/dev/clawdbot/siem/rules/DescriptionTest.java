package dev.clawdbot.siem.rules;

import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Descriptions precompiled into text and {@code $(field)} segments against the per-line scan they replaced, over
 * every shipped rule's description and edge cases (unclosed, empty and adjacent references, {@code user} mapped to
 * {@code dstuser}, pre-decoded and absent fields).
 */
class DescriptionTest {

    @Test
    void segmentsRenderWhatThePerLineScanRendered() {
        List<String> descriptions = new ArrayList<>();
        for (RuleTree.Node n : Ruleset.shipped().tree.byId.values()) descriptions.add(n.rule.description());
        assertThat(descriptions).anyMatch(d -> d.contains("$("));
        descriptions.addAll(List.of("", "plain", "$(srcip)", "a $(srcip) b $(user) c", "$(srcip)$(srcport)", "$()",
                "unclosed $(srcip", "$(srcip) then unclosed $(user", "$(", ")$(", "$$(srcip))", "$(program_name) on $(hostname)",
                "$(log)|$(location)|$(full_log)", "$(nosuchfield) x", "$(dstuser)/$(srcuser)", "($(srcip))"));
        Predecoded pre = Predecoded.of("Dec  7 10:00:00 web1 sshd[1]: Failed password for root from 203.0.113.9 port 22 ssh2");
        List<Observed> events = List.of(
                event(pre, Map.of("srcip", "203.0.113.9", "srcport", "22", "dstuser", "root")),
                event(pre, Map.of("srcuser", "alice")),
                event(Predecoded.of("no header"), Map.of()));
        for (String d : descriptions) {
            Description compiled = Description.of(d);
            for (Observed ev : events) assertThat(compiled.render(ev)).as(d).isEqualTo(reference(d, ev));
        }
    }

    private static Observed event(Predecoded pre, Map<String, String> fields) {
        return new Observed("full line", pre, new Decoded("sshd", "sshd", "syslog", fields), "auth.log",
                ZonedDateTime.of(2026, 12, 7, 10, 0, 0, 0, ZoneOffset.UTC));
    }

    /** The scan {@code Analyzer} ran on every matched line before descriptions were precompiled. */
    private static String reference(String description, Observed ev) {
        if (description.indexOf("$(") < 0) return description;
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < description.length()) {
            int start = description.indexOf("$(", i);
            int end = start < 0 ? -1 : description.indexOf(')', start);
            if (start < 0 || end < 0) {
                out.append(description, i, description.length());
                break;
            }
            out.append(description, i, start);
            String v = ev.value(Decoders.fieldName(description.substring(start + 2, end)));
            out.append(v == null ? "" : v);
            i = end + 1;
        }
        return out.toString();
    }
}
