package dev.clawdbot.siem.rules;

import java.util.List;
import java.util.Set;

/**
 * One {@code <rule>}: its conditions on the current event, where it hangs in the rule tree ({@code if_sid},
 * {@code if_group}, {@code if_level}, else under the category's template rule), its correlation
 * ({@code if_matched_sid}/{@code if_matched_group}, {@code frequency} within {@code timeframe} seconds,
 * {@code same_*}/{@code different_*} fields) and what an alert carries.
 */
record Rule(int id, int level, String description, List<String> groups, List<String> mitre, List<Condition> conditions,
            List<Integer> ifSid, String ifGroup, int ifLevel, List<Integer> ifMatchedSid, String ifMatchedGroup,
            int frequency, int timeframe, int ignore, List<String> sameFields, List<String> differentFields,
            boolean noalert, boolean overwrite, Set<Option> options, String category, Decoder.Source source) {

    /** {@code <options>} values. */
    enum Option {
        NO_FULL_LOG, ALERT_BY_EMAIL, NO_EMAIL_ALERT, NO_LOG
    }

    boolean hasParentLink() {
        return !ifSid.isEmpty() || ifGroup != null || ifLevel > 0;
    }

    boolean correlates() {
        return !ifMatchedSid.isEmpty() || ifMatchedGroup != null || frequency > 1;
    }

    boolean inGroup(String group) {
        return groups.contains(group);
    }
}
