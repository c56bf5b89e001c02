package dev.clawdbot.broker.email;

import java.util.List;
import java.util.regex.Pattern;

/** The operator's own words from a reply: quoted text, attribution lines and signatures cut off (English and Dutch clients). */
final class ReplyText {

    private static final List<Pattern> CUT_AT = List.of(
            Pattern.compile("(?i)^\\s*On .{0,200}wrote:\\s*$"),
            Pattern.compile("(?i)^\\s*Op .{0,200}(schreef|het volgende geschreven)[^:]{0,80}:\\s*$"),
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
            if (CUT_AT.stream().anyMatch(p -> p.matcher(line).matches())) break;
            if (line.stripLeading().startsWith(">")) continue;
            out.append(line).append('\n');
        }
        return out.toString().strip();
    }
}
