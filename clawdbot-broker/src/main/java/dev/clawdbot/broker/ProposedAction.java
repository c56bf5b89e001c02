package dev.clawdbot.broker;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Set;

/**
 * One exact action a request proposes. {@code type} is {@code command} (an argv, never a shell line),
 * {@code file} ({@code operation} write or delete of an absolute {@code path}, with {@code content} and an
 * optional octal {@code mode}) or {@code container} ({@code operation} start, stop, restart or pull of
 * {@code container}). {@code host} names the managed host, {@code local} by default.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProposedAction(String type, String host, List<String> argv, String path, String content, String mode,
                             String container, String operation) {

    static final Set<String> FILE_OPS = Set.of("write", "delete");
    static final Set<String> CONTAINER_OPS = Set.of("start", "stop", "restart", "pull");

    public ProposedAction {
        if (type == null) throw new IllegalArgumentException("action.type is required (command, file or container)");
        host = host == null || host.isBlank() ? "local" : host;
        if (!host.matches("[A-Za-z0-9][A-Za-z0-9.\\-]{0,252}")) throw new IllegalArgumentException("action.host is not a host name: " + host);
        argv = argv == null ? null : List.copyOf(argv);
        switch (type) {
            case "command" -> {
                if (argv == null || argv.isEmpty()) throw new IllegalArgumentException("command action needs a non-empty argv");
                if (argv.stream().anyMatch(a -> a.indexOf('\0') >= 0)) throw new IllegalArgumentException("command argv contains a NUL byte");
                if (path != null || content != null || container != null || operation != null || mode != null) {
                    throw new IllegalArgumentException("command action takes only host and argv");
                }
            }
            case "file" -> {
                operation = operation == null ? "write" : operation;
                if (!FILE_OPS.contains(operation)) throw new IllegalArgumentException("file action.operation must be write or delete, was " + operation);
                if (path == null || !path.startsWith("/") || path.contains("/../") || path.endsWith("/..")) {
                    throw new IllegalArgumentException("file action needs an absolute path without '..', was " + path);
                }
                if (operation.equals("write") && content == null) throw new IllegalArgumentException("file write needs content");
                if (mode != null && !mode.matches("0?[0-7]{3}")) throw new IllegalArgumentException("file action.mode must be octal like 0644, was " + mode);
                if (argv != null || container != null) throw new IllegalArgumentException("file action takes host, path, operation, content and mode");
            }
            case "container" -> {
                if (container == null || !container.matches("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,127}")) {
                    throw new IllegalArgumentException("container action needs a container name, was " + container);
                }
                if (!CONTAINER_OPS.contains(String.valueOf(operation))) {
                    throw new IllegalArgumentException("container action.operation must be one of " + CONTAINER_OPS + ", was " + operation);
                }
                if (argv != null || path != null || content != null || mode != null) throw new IllegalArgumentException("container action takes host, container and operation");
            }
            default -> throw new IllegalArgumentException("action.type must be command, file or container, was " + type);
        }
    }

    public static ProposedAction command(String... argv) {
        return new ProposedAction("command", null, List.of(argv), null, null, null, null, null);
    }

    /** One line for e-mails and listings. */
    public String describe() {
        String where = host.equals("local") ? "" : " on " + host;
        return switch (type) {
            case "command" -> "run " + String.join(" ", argv.stream().map(ProposedAction::quote).toList()) + where;
            case "file" -> operation + " file " + path + (mode == null ? "" : " mode " + mode)
                    + (content == null ? "" : " (" + content.length() + " chars)") + where;
            default -> operation + " container " + container + where;
        };
    }

    private static String quote(String a) {
        return a.matches("[A-Za-z0-9_./=:,+@%-]+") ? a : "'" + a.replace("'", "'\\''") + "'";
    }
}
