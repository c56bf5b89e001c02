package dev.clawdbot.siem.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * An {@link Analysis} in the shape of a Wazuh alert ({@code alerts.json}), so tools that read Wazuh alerts
 * read these: {@code rule} (absent when no rule matched), {@code decoder} (absent when nothing decoded),
 * {@code predecoder}, {@code data}, {@code full_log}, {@code location}, {@code timestamp}.
 */
public final class AlertJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter WAZUH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private AlertJson() {
    }

    public static ObjectNode of(Analysis a, String agentName) {
        ObjectNode o = JSON.createObjectNode();
        o.put("timestamp", WAZUH_TIME.format(a.time().atOffset(ZoneOffset.UTC)));
        if (a.matched()) {
            ObjectNode rule = o.putObject("rule");
            rule.put("level", a.level());
            rule.put("description", a.description());
            rule.put("id", Integer.toString(a.ruleId()));
            rule.put("firedtimes", a.firedTimes());
            rule.put("mail", a.mail());
            var groups = rule.putArray("groups");
            a.groups().forEach(groups::add);
            if (!a.mitre().isEmpty()) {
                var ids = rule.putObject("mitre").putArray("id");
                a.mitre().forEach(ids::add);
            }
        }
        o.putObject("agent").put("id", "000").put("name", agentName);
        if (a.timestamp() != null) {
            ObjectNode pre = o.putObject("predecoder");
            if (a.programName() != null) pre.put("program_name", a.programName());
            pre.put("timestamp", a.timestamp());
            pre.put("hostname", a.hostname());
        }
        if (a.decoder() != null) {
            ObjectNode dec = o.putObject("decoder");
            if (a.decoderParent() != null) dec.put("parent", a.decoderParent());
            dec.put("name", a.decoder());
        }
        if (!a.fields().isEmpty()) {
            ObjectNode data = o.putObject("data");
            for (Map.Entry<String, String> f : a.fields().entrySet()) put(data, f.getKey(), f.getValue());
        }
        if (!a.noFullLog()) o.put("full_log", a.fullLog());
        o.put("location", a.location());
        return o;
    }

    /** Dotted names from the JSON decoder become nested objects again, as in Wazuh's alerts. */
    private static void put(ObjectNode data, String key, String value) {
        int dot = key.indexOf('.');
        if (dot < 0) {
            if (!data.has(key)) data.put(key, value);
            return;
        }
        String head = key.substring(0, dot);
        ObjectNode child = data.get(head) instanceof ObjectNode n ? n : data.putObject(head);
        put(child, key.substring(dot + 1), value);
    }

    public static String line(Analysis a, String agentName) {
        return of(a, agentName).toString();
    }
}
