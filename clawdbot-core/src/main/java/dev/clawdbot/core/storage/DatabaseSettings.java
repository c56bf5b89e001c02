package dev.clawdbot.core.storage;

/**
 * How to reach the database. {@code poolSize} 0 means the engine's default (4 for SQLite, 10 for PostgreSQL).
 * The password is never part of {@link #toString()}.
 */
public record DatabaseSettings(String url, String user, String password, int poolSize) {

    /** The URL with any inline credentials masked, for messages. */
    public String redactedUrl() {
        return url == null ? "(none)" : url.replaceAll("//[^@/]*@", "//***@").replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + redactedUrl() + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}
