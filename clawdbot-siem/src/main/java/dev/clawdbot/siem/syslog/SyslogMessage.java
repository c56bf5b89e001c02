package dev.clawdbot.siem.syslog;

/**
 * One received syslog message turned into the line the pre-decoder expects. RFC 3164
 * ({@code <PRI>Mmm dd hh:mm:ss HOST TAG[PID]: MSG}) loses its {@code <PRI>}; RFC 5424
 * ({@code <PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD...] MSG}) becomes {@code TIMESTAMP HOST APP[PROCID]: MSG}
 * (the RFC 3339 header form the pre-decoder knows), structured data dropped, a UTF-8 BOM removed. Plain code,
 * one pass: the input is untrusted.
 */
final class SyslogMessage {

    private SyslogMessage() {
    }

    static String toLine(String raw) {
        String s = raw;
        int n = s.length();
        while (n > 0 && (s.charAt(n - 1) == '\n' || s.charAt(n - 1) == '\r' || s.charAt(n - 1) == '\0')) n--;
        s = s.substring(0, n);
        int i = 0;
        if (s.startsWith("<")) {
            int close = s.indexOf('>');
            if (close > 1 && close <= 4 && s.substring(1, close).chars().allMatch(Character::isDigit)) i = close + 1;
        }
        String rest = s.substring(i);
        if (i > 0 && rest.startsWith("1 ")) return rfc5424(rest.substring(2));
        return clean(rest);
    }

    private static String rfc5424(String s) {
        String[] head = new String[5];
        int pos = 0;
        for (int k = 0; k < 5; k++) {
            int sp = s.indexOf(' ', pos);
            if (sp < 0) return clean(s);
            head[k] = s.substring(pos, sp);
            pos = sp + 1;
        }
        String timestamp = head[0];
        String host = head[1];
        String app = head[2];
        String procid = head[3];
        pos = skipStructuredData(s, pos);
        String msg = pos < s.length() ? s.substring(pos) : "";
        if (msg.startsWith("\uFEFF")) msg = msg.substring(1);
        StringBuilder out = new StringBuilder(msg.length() + 80);
        out.append(timestamp.equals("-") ? java.time.OffsetDateTime.now().toString() : timestamp).append(' ')
                .append(host.equals("-") ? "localhost" : host).append(' ');
        if (!app.equals("-")) {
            out.append(app);
            if (!procid.equals("-")) out.append('[').append(procid).append(']');
            out.append(": ");
        }
        return clean(out.append(msg).toString());
    }

    /** After {@code -} or {@code [id k="v"...]...}, and the space that follows; {@code \]} and {@code \"} inside values escape. */
    private static int skipStructuredData(String s, int pos) {
        if (pos >= s.length()) return pos;
        if (s.charAt(pos) == '-') return Math.min(s.length(), pos + 2);
        boolean inQuote = false;
        int depth = 0;
        int i = pos;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && inQuote) {
                i++;
                continue;
            }
            if (c == '"') inQuote = !inQuote;
            else if (!inQuote && c == '[') depth++;
            else if (!inQuote && c == ']') {
                depth--;
                if (depth == 0 && (i + 1 >= s.length() || s.charAt(i + 1) != '[')) return Math.min(s.length(), i + 2);
            }
        }
        return i;
    }

    /** One line: newlines and other control characters become spaces. */
    private static String clean(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t') {
                if (out == null) out = new StringBuilder(s);
                out.setCharAt(i, ' ');
            }
        }
        return out == null ? s : out.toString();
    }
}
