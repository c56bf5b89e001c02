package dev.clawdbot.broker.request;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.clawdbot.core.UntrustedText;
import dev.clawdbot.mail.MailAddress;

import java.util.List;
import java.util.Locale;

/**
 * One exact action a request proposes, one record per {@code type}: {@link Command} (an argv, never a shell line),
 * {@link File} ({@code operation} write or delete of an absolute {@code path}, with {@code content} and an optional
 * octal {@code mode}), {@link Container} ({@code operation} start, stop, restart or pull of {@code container}) and
 * {@link Mail} (plain-text e-mail to the {@code to} and {@code cc} addresses with {@code subject} and {@code body},
 * sent by the broker's SMTP executor). {@code host} names the managed host, {@code local} by default (and always
 * for mail).
 *
 * <p>The JSON is one flat object keyed on {@code type} (sorted keys, nulls omitted; see {@link RequestCodec}); it is
 * what request files hold, what the database stores and what the approval hash binds to, so the records keep
 * exactly the keys the single 12-field record had, in the same (alphabetical) order: Jackson would otherwise put a
 * record's components before {@code type} and mail's {@code host} ({@code ProposedActionGoldenTest} pins them).
 */
public sealed interface ProposedAction permits ProposedAction.Command, ProposedAction.File, ProposedAction.Container, ProposedAction.Mail {

    /** The wire name of the action type: {@code command}, {@code file}, {@code container} or {@code mail}. */
    @JsonProperty("type")
    String type();

    /** The managed host the action runs on; {@code local} for the broker's own host. */
    String host();

    /**
     * One line for listings, action headings and results. Every untrusted field goes through
     * {@link UntrustedText}, so a newline, a control character or a bidi override in an argv element, a path or a
     * subject shows as an escape and cannot start a line of its own or reorder the line.
     */
    String describe();

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"argv", "host", "type"})
    record Command(String host, List<String> argv) implements ProposedAction {
        public Command {
            host = checkedHost(host);
            if (argv == null || argv.isEmpty()) throw new IllegalArgumentException("command action needs a non-empty argv");
            argv = List.copyOf(argv);
            if (argv.stream().anyMatch(a -> a.indexOf('\0') >= 0)) throw new IllegalArgumentException("command argv contains a NUL byte");
        }

        @Override
        public String type() {
            return "command";
        }

        @Override
        public String describe() {
            return "run " + String.join(" ", argv.stream().map(ProposedAction::quote).toList()) + where(host);
        }
    }

    /** {@code operation} is {@code write} (the default; needs {@code content}) or {@code delete}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"content", "host", "mode", "operation", "path", "type"})
    record File(String host, String path, Operation operation, String content, String mode) implements ProposedAction {

        public enum Operation {
            WRITE, DELETE;

            /** The operation a request names; null means write. */
            public static Operation of(String wire) {
                if (wire == null) return WRITE;
                for (Operation o : values()) if (o.wire().equals(wire)) return o;
                throw new IllegalArgumentException("file action.operation must be write or delete, was " + wire);
            }

            @JsonValue
            public String wire() {
                return name().toLowerCase(Locale.ROOT);
            }
        }

        public File {
            host = checkedHost(host);
            operation = operation == null ? Operation.WRITE : operation;
            if (path == null || !path.startsWith("/") || path.contains("/../") || path.endsWith("/..")) {
                throw new IllegalArgumentException("file action needs an absolute path without '..', was " + path);
            }
            if (operation == Operation.WRITE && content == null) throw new IllegalArgumentException("file write needs content");
            if (mode != null && !octalMode(mode)) throw new IllegalArgumentException("file action.mode must be octal like 0644, was " + mode);
        }

        @Override
        public String type() {
            return "file";
        }

        @Override
        public String describe() {
            return operation.wire() + " file " + UntrustedText.inline(path) + (mode == null ? "" : " mode " + mode)
                    + (content == null ? "" : " (" + content.length() + " chars, sha256 " + RequestCodec.sha256(content).substring(0, 16) + "…)") + where(host);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"container", "host", "operation", "type"})
    record Container(String host, String container, Operation operation) implements ProposedAction {

        public enum Operation {
            START, STOP, RESTART, PULL;

            public static Operation of(String wire) {
                for (Operation o : values()) if (o.wire().equals(wire)) return o;
                throw new IllegalArgumentException("container action.operation must be one of "
                        + java.util.Arrays.stream(values()).map(Operation::wire).toList() + ", was " + wire);
            }

            @JsonValue
            public String wire() {
                return name().toLowerCase(Locale.ROOT);
            }
        }

        public Container {
            host = checkedHost(host);
            checkName(container);
            java.util.Objects.requireNonNull(operation, "container action.operation");
        }

        static void checkName(String container) {
            if (container == null || !name(container, 128, "_.-")) {
                throw new IllegalArgumentException("container action needs a container name, was " + container);
            }
        }

        @Override
        public String type() {
            return "container";
        }

        @Override
        public String describe() {
            return operation.wire() + " container " + container + where(host);
        }
    }

    /** Sent by the broker itself, so its host is always {@code local}; {@code cc} is null when empty. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"body", "cc", "host", "subject", "to", "type"})
    record Mail(List<String> to, List<String> cc, String subject, String body) implements ProposedAction {
        static final int MAX_RECIPIENTS = 50;
        static final int MAX_BODY = 100_000;
        /** Approval messages show this many characters of a body; a longer one is high risk. */
        public static final int PREVIEW = 2000;

        public Mail {
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
            if (body.length() > MAX_BODY || body.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("mail action.body must be at most " + MAX_BODY + " characters without NUL");
            }
        }

        @Override
        public String type() {
            return "mail";
        }

        @Override
        @JsonProperty("host")
        public String host() {
            return "local";
        }

        public int recipients() {
            return to.size() + (cc == null ? 0 : cc.size());
        }

        @Override
        public String describe() {
            return "send mail to " + String.join(", ", to) + (cc == null ? "" : " (cc " + String.join(", ", cc) + ")")
                    + " subject " + UntrustedText.quoted(subject) + " body " + UntrustedText.quoted(body.length() <= PREVIEW ? body : body.substring(0, PREVIEW))
                    + (body.length() <= PREVIEW ? "" : " ... (" + body.length() + " chars in all)");
        }
    }

    /**
     * The flat wire form (request files, stored actions, tool input) to its record. Each type refuses the keys of the
     * others, so a request cannot carry a field that no approval surface shows.
     */
    @JsonCreator
    static ProposedAction of(@JsonProperty("type") String type, @JsonProperty("host") String host, @JsonProperty("argv") List<String> argv,
                             @JsonProperty("path") String path, @JsonProperty("content") String content, @JsonProperty("mode") String mode,
                             @JsonProperty("container") String container, @JsonProperty("operation") String operation,
                             @JsonProperty("to") List<String> to, @JsonProperty("cc") List<String> cc,
                             @JsonProperty("subject") String subject, @JsonProperty("body") String body) {
        if (type == null) throw new IllegalArgumentException("action.type is required (command, file, container or mail)");
        String h = checkedHost(host);
        if (!type.equals("mail") && (to != null || cc != null || subject != null || body != null)) {
            throw new IllegalArgumentException(type + " action does not take to, cc, subject or body (those are for mail)");
        }
        return switch (type) {
            case "command" -> {
                if (argv == null || argv.isEmpty()) throw new IllegalArgumentException("command action needs a non-empty argv");
                if (argv.stream().anyMatch(a -> a.indexOf('\0') >= 0)) throw new IllegalArgumentException("command argv contains a NUL byte");
                if (path != null || content != null || container != null || operation != null || mode != null) {
                    throw new IllegalArgumentException("command action takes only host and argv");
                }
                yield new Command(h, argv);
            }
            case "file" -> {
                File f = new File(h, path, File.Operation.of(operation), content, mode);
                if (argv != null || container != null) throw new IllegalArgumentException("file action takes host, path, operation, content and mode");
                yield f;
            }
            case "container" -> {
                Container.checkName(container);
                Container c = new Container(h, container, Container.Operation.of(operation));
                if (argv != null || path != null || content != null || mode != null) throw new IllegalArgumentException("container action takes host, container and operation");
                yield c;
            }
            case "mail" -> {
                if (!h.equals("local")) throw new IllegalArgumentException("mail action is sent by the broker; host must be local, was " + h);
                if (argv != null || path != null || content != null || mode != null || container != null || operation != null) {
                    throw new IllegalArgumentException("mail action takes to, cc, subject and body");
                }
                yield new Mail(to, cc, subject, body);
            }
            default -> throw new IllegalArgumentException("action.type must be command, file, container or mail, was " + type);
        };
    }

    static Mail mail(List<String> to, List<String> cc, String subject, String body) {
        return new Mail(to, cc, subject, body);
    }

    static Command command(String... argv) {
        return new Command(null, List.of(argv));
    }

    private static String checkedHost(String host) {
        String h = host == null || host.isBlank() ? "local" : host;
        if (!name(h, 253, ".-")) throw new IllegalArgumentException("action.host is not a host name: " + h);
        return h;
    }

    /** Requester text is checked by plain code, never a backtracking regex: {@code [A-Za-z0-9][A-Za-z0-9<extra>]{0,max-1}}. */
    private static boolean name(String s, int max, String extra) {
        if (s.isEmpty() || s.length() > max || !alnum(s.charAt(0))) return false;
        return s.chars().allMatch(c -> alnum(c) || extra.indexOf(c) >= 0);
    }

    private static boolean alnum(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** {@code 0?[0-7]{3}}: 644 or 0644. */
    private static boolean octalMode(String m) {
        if (m.length() != 3 && !(m.length() == 4 && m.charAt(0) == '0')) return false;
        return m.chars().allMatch(c -> c >= '0' && c <= '7');
    }

    private static String where(String host) {
        return host.equals("local") ? "" : " on " + host;
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

    private static String quote(String a) {
        return !a.isEmpty() && a.chars().allMatch(c -> alnum(c) || "_./=:,+@%-".indexOf(c) >= 0) ? a : "'" + UntrustedText.inline(a).replace("'", "'\\''") + "'";
    }
}
