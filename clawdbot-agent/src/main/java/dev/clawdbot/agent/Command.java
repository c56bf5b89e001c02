package dev.clawdbot.agent;

import java.util.Locale;

/**
 * A slash command parsed from a message. Only the known names are commands; any other text, including text that
 * merely starts with a slash such as a path, goes to the model.
 */
record Command(Name name, String argument) {

    enum Name {
        NEW, RESET, STATUS, MODEL, COMPACT, STOP, HELP;

        /** Immediate commands bypass the session's lane: they must work while a run is busy (/stop above all). */
        boolean immediate() {
            return this == STOP || this == STATUS || this == HELP;
        }
    }

    static Command parse(String text) {
        String t = text.strip();
        if (!t.startsWith("/")) return null;
        int sp = t.indexOf(' ');
        String word = (sp < 0 ? t.substring(1) : t.substring(1, sp)).toLowerCase(Locale.ROOT);
        // Telegram appends the bot name to commands in groups: /status@dakota_bot.
        int at = word.indexOf('@');
        if (at > 0) word = word.substring(0, at);
        String arg = sp < 0 ? "" : t.substring(sp + 1).strip();
        for (Name n : Name.values()) {
            if (n.name().toLowerCase(Locale.ROOT).equals(word)) return new Command(n, arg);
        }
        return null;
    }
}
