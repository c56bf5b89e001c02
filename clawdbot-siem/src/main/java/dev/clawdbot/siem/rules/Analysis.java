package dev.clawdbot.siem.rules;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outcome for one log line: what pre-decoding and decoding found and, when a rule matched, that rule's
 * id, level, groups and description with {@code $(field)} substituted. {@code alert} is false for level 0,
 * {@code noalert} rules and {@code no_log}.
 *
 * @param ruleId 0 when no rule matched
 */
public record Analysis(Instant time, String fullLog, String location, String timestamp, String hostname, String programName,
                       String decoder, String decoderParent, Map<String, String> fields,
                       int ruleId, int level, String description, List<String> groups, List<String> mitre,
                       int firedTimes, boolean alert, boolean mail, boolean noFullLog) {

    public boolean matched() {
        return ruleId > 0;
    }
}
