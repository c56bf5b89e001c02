package dev.clawdbot.siem.rules;

/** Something in a decoder, rule or list file that was not loaded, with where and what: {@code file:line: construct: why}. */
public record LoadProblem(String file, int line, String construct, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + construct + ": " + message;
    }
}
