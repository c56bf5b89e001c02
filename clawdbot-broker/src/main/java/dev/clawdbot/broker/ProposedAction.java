package dev.clawdbot.broker;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.clawdbot.core.UntrustedText;
import dev.clawdbot.broker.spool.RequestCodec;
import dev.clawdbot.mail.MailAddress;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One exact action a request proposes. {@code type} is {@code command} (an argv, never a shell line),
 * {@code file} ({@code operation} write or delete of an absolute {@code path}, with {@code content} and an
 * optional octal {@code mode}) or {@code container} ({@code operation} start, stop, restart or pull of
 * {@code container}) or {@code mail} (plain-text e-mail to the {@code to} and {@code cc} addresses with
 * {@code subject} and {@code body}, sent by the broker's SMTP executor). {@code host} names the managed host,
 * {@code local} by default (and always for mail).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProposedAction(String type, String host, List<String> argv, String path, String content, String mode,
                             String container, String operation, List<String> to, List<String> cc, String subject, String body) {

    static final Set<String> FILE_OPS = Set.of("write", "delete");
    static final Set<String> CONTAINER_OPS = Set.of("start", "stop", "restart", "pull");
    static final int MAX_RECIPIENTS = 50;
    static final int MAX_MAIL_BODY = 100_000;
    static final int MAIL_PREVIEW = 2000;

    public ProposedAction {
        if (type == null) throw new IllegalArgumentException("action.type is required (command, file, container or mail)");
        host = host == null || host.isBlank() ? "local" : host;
        if (!host.matches("[A-Za-z0-9][A-Za-z0-9.\\-]{0,252}")) throw new IllegalArgumentException("action.host is not a host name: " + host);
        argv = argv == null ? null : List.copyOf(argv);
        if (!type.equals("mail") && (to != null || cc != null || subject != null || body != null)) {
            throw new IllegalArgumentException(type + " action does not take to, cc, subject or body (those are for mail)");
        }
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
            case "mail" -> {
                if (!host.equals("local")) throw new IllegalArgumentException("mail action is sent by the broker; host must be local, was " + host);
                if (argv != null || path != null || content != null || mode != null || container != null || operation != null) {
                    throw new IllegalArgumentException("mail action takes to, cc, subject and body");
                }
                to = addresses("to", to);
                cc = cc == null || cc.isEmpty() ? null : addresses("cc", cc);
                if (to.isEmpty()) throw new IllegalArgumentException("mail action.to needs at least one address");
                if (to.size() + (cc == null ? 0 : cc.size()) > MAX_RECIPIENTS) {
                    throw new IllegalArgumentException("mail action has more than " + MAX_RECIPIENTS + " recipients");
                }
                if (subject == null || subject.isBlank()) throw new IllegalArgumentException("mail action.subject is required");
                if (subject.length() > 300 || subject.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                    throw new IllegalArgumentException("mail action.subject must be one line of at most 300 characters (no CR, LF or NUL)");
                }
                if (body == null) throw new IllegalArgumentException("mail action.body is required");
                if (body.length() > MAX_MAIL_BODY || body.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("mail action.body must be at most " + MAX_MAIL_BODY + " characters without NUL");
                }
            }
            default -> throw new IllegalArgumentException("action.type must be command, file, container or mail, was " + type);
        }
    }

    /** The form without mail fields, as every non-mail action has. */
    public ProposedAction(String type, String host, List<String> argv, String path, String content, String mode,
                          String container, String operation) {
        this(type, host, argv, path, content, mode, container, operation, null, null, null, null);
    }

    /**
     * Each entry must be one bare address ({@code a@example.org}) that parses strictly: no display names, no
     * lists, no CR/LF, so nothing a requester writes can add a header or a hidden recipient.
     */
    private static List<String> addresses(String key, List<String> in) {
        if (in == null) throw new IllegalArgumentException("mail action." + key + " is required");
        List<String> out = new java.util.ArrayList<>(in.size());
        for (String a : in) {
            if (a == null || a.isBlank()) throw new IllegalArgumentException("mail action." + key + " contains an empty address");
            if (a.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("mail action." + key + " contains a control character (CR, LF, NUL ...)");
            }
            try {
                out.add(MailAddress.bare(a.strip()).toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("mail action." + key + ": not a single valid address (" + e.getMessage() + ")");
            }
        }
        return List.copyOf(out);
    }

    public static ProposedAction mail(List<String> to, List<String> cc, String subject, String body) {
        return new ProposedAction("mail", null, null, null, null, null, null, null, to, cc, subject, body);
    }

    public static ProposedAction command(String... argv) {
        return new ProposedAction("command", null, List.of(argv), null, null, null, null, null);
    }

    /**
     * One line for listings, action headings and results. Every untrusted field goes through
     * {@link UntrustedText}, so a newline, a control character or a bidi override in an argv element, a path or a
     * subject shows as an escape and cannot start a line of its own or reorder the line.
     */
    public String describe() {
        String where = host.equals("local") ? "" : " on " + host;
        return switch (type) {
            case "command" -> "run " + String.join(" ", argv.stream().map(ProposedAction::quote).toList()) + where;
            case "file" -> operation + " file " + UntrustedText.inline(path) + (mode == null ? "" : " mode " + mode)
                    + (content == null ? "" : " (" + content.length() + " chars, sha256 " + RequestCodec.sha256(content).substring(0, 16) + "…)") + where;
            case "mail" -> "send mail to " + String.join(", ", to) + (cc == null ? "" : " (cc " + String.join(", ", cc) + ")")
                    + " subject " + UntrustedText.quoted(subject) + " body " + UntrustedText.quoted(body.length() <= MAIL_PREVIEW ? body : body.substring(0, MAIL_PREVIEW))
                    + (body.length() <= MAIL_PREVIEW ? "" : " ... (" + body.length() + " chars in all)");
            default -> operation + " container " + container + where;
        };
    }

    private static String quote(String a) {
        return a.matches("[A-Za-z0-9_./=:,+@%-]+") ? a : "'" + UntrustedText.inline(a).replace("'", "'\\''") + "'";
    }
}
