package dev.clawdbot.channels.mail;

/** The short preview of a message's text that a mail notice shows. */
final class MailText {
    private MailText() {
    }

    /** The first {@code lines} non-blank lines, quoted replies dropped, at most 400 characters. */
    static String preview(String body, int lines) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (String line : body.replace("\r", "").split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith(">")) continue;
            if (n++ >= lines) break;
            if (sb.length() > 0) sb.append('\n');
            sb.append(l);
        }
        return sb.length() > 400 ? sb.substring(0, 399) + "…" : sb.toString();
    }
}
