package dev.clawdbot.guard.text;

/** How many invisible or deceptive characters of each kind a text held, and the ASCII that tag characters spelled. */
public record InvisibleCounts(int zeroWidth, int bidi, int tag, int privateUse, String tagText) {
    public int total() {
        return zeroWidth + bidi + tag + privateUse;
    }
}
