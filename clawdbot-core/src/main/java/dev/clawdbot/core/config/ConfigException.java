package dev.clawdbot.core.config;

/**
 * A configuration problem with one message that says where and what: {@code clawdbot.yaml:3:5: gateway.prot:
 * unknown key; did you mean 'port'?}. Line and column are 1-based; 0 means the problem has no position (an
 * environment variable, a missing file). The message never contains a secret value, and no parser exception
 * is attached as the cause because those quote the offending input.
 */
public final class ConfigException extends RuntimeException {

    private final String source;
    private final int line;
    private final int column;
    private final String keyPath;
    private final String problem;

    public ConfigException(String source, int line, int column, String keyPath, String problem) {
        this(source, line, column, keyPath, problem, null);
    }

    ConfigException(String source, int line, int column, String keyPath, String problem, Throwable cause) {
        super(format(source, line, column, keyPath, problem), cause);
        this.source = source;
        this.line = line;
        this.column = column;
        this.keyPath = keyPath == null ? "" : keyPath;
        this.problem = problem;
    }

    /** The file name (or other source name, e.g. {@code environment}) the problem is in. */
    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The dotted key path, e.g. {@code gateway.port} or {@code agents[1].name}; empty for the whole document. */
    public String keyPath() {
        return keyPath;
    }

    /** The message without the position and key path prefix. */
    public String problem() {
        return problem;
    }

    private static String format(String source, int line, int column, String keyPath, String problem) {
        StringBuilder sb = new StringBuilder(source == null ? "(config)" : source);
        if (line > 0) sb.append(':').append(line).append(':').append(Math.max(column, 1));
        sb.append(": ");
        if (keyPath != null && !keyPath.isEmpty()) sb.append(keyPath).append(": ");
        return sb.append(problem).toString();
    }
}
