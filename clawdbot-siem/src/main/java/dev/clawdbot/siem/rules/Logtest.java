package dev.clawdbot.siem.rules;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;

/**
 * {@code clawdbot siem test}: Wazuh's {@code wazuh-logtest} for a {@link Ruleset}. Each input line is
 * analysed in turn and reported (text in logtest's three phases, or one Wazuh-shaped alert object per line
 * with {@code --json}); correlation state carries across a session's lines, and an empty line starts a new
 * session.
 */
public final class Logtest {

    private final Ruleset ruleset;
    private final Clock clock;
    private final ZoneId zone;
    private final boolean json;
    private final String agent;

    public Logtest(Ruleset ruleset, Clock clock, ZoneId zone, boolean json, String agent) {
        this.ruleset = ruleset;
        this.clock = clock;
        this.zone = zone;
        this.json = json;
        this.agent = agent;
    }

    /** Reads {@code in} to its end; returns how many lines were analysed. */
    public long run(Reader in, PrintWriter out) throws IOException {
        BoundedLines lines = new BoundedLines(in);
        Analyzer session = new Analyzer(ruleset, clock, zone);
        long n = 0;
        for (String line = lines.next(); line != null; line = lines.next()) {
            if (line.isEmpty()) {
                session = new Analyzer(ruleset, clock, zone);
                continue;
            }
            Analysis a = session.analyze(line, "stdin");
            if (json) out.println(AlertJson.line(a, agent));
            else text(a, out);
            out.flush();
            n++;
        }
        return n;
    }

    static void text(Analysis a, PrintWriter out) {
        out.println("**Phase 1: Completed pre-decoding.");
        out.println("\tfull event: '" + a.fullLog() + "'");
        if (a.timestamp() != null) {
            out.println("\ttimestamp: '" + a.timestamp() + "'");
            out.println("\thostname: '" + a.hostname() + "'");
            if (a.programName() != null) out.println("\tprogram_name: '" + a.programName() + "'");
        }
        out.println();
        out.println("**Phase 2: Completed decoding.");
        if (a.decoder() == null) {
            out.println("\tNo decoder matched.");
        } else {
            out.println("\tname: '" + a.decoder() + "'");
            if (a.decoderParent() != null) out.println("\tparent: '" + a.decoderParent() + "'");
            for (Map.Entry<String, String> f : a.fields().entrySet()) out.println("\t" + f.getKey() + ": '" + f.getValue() + "'");
        }
        if (a.matched()) {
            out.println();
            out.println("**Phase 3: Completed filtering (rules).");
            out.println("\tid: '" + a.ruleId() + "'");
            out.println("\tlevel: '" + a.level() + "'");
            out.println("\tdescription: '" + a.description() + "'");
            out.println("\tgroups: '" + a.groups().stream().map(g -> "\"" + g + "\"").toList().toString().replace(", ", ",") + "'");
            out.println("\tfiredtimes: '" + a.firedTimes() + "'");
            out.println("\tmail: '" + a.mail() + "'");
            if (!a.mitre().isEmpty()) out.println("\tmitre.id: '" + a.mitre() + "'");
            if (a.alert()) out.println("**Alert to be generated.");
        }
        out.println();
    }
}
