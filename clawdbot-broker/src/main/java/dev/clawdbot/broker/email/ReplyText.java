package dev.clawdbot.broker.email;

import java.util.List;
import java.util.Locale;
import com.google.re2j.Pattern;

/** The operator's own words from a reply: quoted text, attribution lines and signatures cut off (English and Dutch clients). */
final class ReplyText {

    private static final List<Pattern> CUT_AT = List.of(
            Pattern.compile("(?i)^\\s*On .{0,200}wrote:\\s*$"),
            Pattern.compile("(?i)^\\s*-{2,}\\s*(Original Message|Oorspronkelijk bericht|Forwarded message|Doorgestuurd bericht)\\s*-{2,}\\s*$"),
            Pattern.compile("(?i)^\\s*(From|Van|Sent|Verzonden):\\s.*$"),
            Pattern.compile("^-- ?$"),
            Pattern.compile("^__+$"),
            Pattern.compile("(?i)^\\s*(Sent from my|Verzonden (vanaf|met) mijn|Get Outlook for).*$"));

    private ReplyText() {
    }

    static String strip(String body) {
        if (body == null) return "";
        StringBuilder out = new StringBuilder();
        String[] lines = body.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        for (String line : lines) {
            if (dutchAttribution(line) || CUT_AT.stream().anyMatch(p -> p.matcher(line).matches())) break;
            if (line.stripLeading().startsWith(">")) continue;
            out.append(line).append('\n');
        }
        return out.toString().strip();
    }

    private static final List<String> DUTCH_VERBS = List.of("schreef", "het volgende geschreven");

    /**
     * "Op &lt;date&gt; schreef &lt;name&gt;:" with up to 200 characters before the verb and 80 colon-free ones after
     * it, as the regex {@code Op .{0,200}(schreef|...)[^:]{0,80}:} said, without its backtracking: that regex spent
     * 3.8 s of CPU on a 2.7 MB reply of 10,000 crafted lines (RE2/J was no faster, its counted repetition is slow).
     */
    static boolean dutchAttribution(String line) {
        String s = line.strip().toLowerCase(Locale.ROOT);
        if (!s.startsWith("op ") || !s.endsWith(":")) return false;
        String body = s.substring(3, s.length() - 1);
        int lastColon = body.lastIndexOf(':');
        for (String verb : DUTCH_VERBS) {
            // the verb must start within 200 characters and end after the last colon, at most 80 before the end
            int from = Math.max(0, Math.max(lastColon + 1, body.length() - 80 - verb.length()));
            int at = body.indexOf(verb, from);
            if (at >= 0 && at <= 200) return true;
        }
        return false;
    }
}
