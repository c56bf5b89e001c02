package dev.clawdbot.channels.telegram;

/**
 * Who the bot is: its numeric id (the part of the token before the colon, which is public) and its
 * username, learned from getMe, for mention detection in groups.
 */
public final class BotIdentity {
    private final long botId;
    private volatile String username;

    public BotIdentity(String token, String username) {
        int colon = token.indexOf(':');
        long id;
        try {
            id = Long.parseLong(colon > 0 ? token.substring(0, colon) : "x");
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the bot token does not look like <bot id>:<secret>");
        }
        this.botId = id;
        this.username = username == null ? "" : username;
    }

    public long botId() {
        return botId;
    }

    public String username() {
        return username;
    }

    public void username(String username) {
        this.username = username == null ? "" : username;
    }

    /** The key rows are stored under: {@code bot<id>}. */
    public String storeKey() {
        return "bot" + botId;
    }
}
