package dev.clawdbot.channels.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.channels.ConsequentialActionRequester;
import dev.clawdbot.channels.MailConfig;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.core.tool.ToolContext;
import dev.clawdbot.core.tool.ToolResult;
import dev.clawdbot.core.tool.ToolSpec;
import dev.clawdbot.mail.MailAddress;
import dev.clawdbot.mail.MailEvents;
import dev.clawdbot.mail.MailException;
import dev.clawdbot.mail.MailFolder;
import dev.clawdbot.mail.MailSender;
import dev.clawdbot.mail.OutgoingMail;
import dev.clawdbot.mail.ReceivedMail;
import dev.clawdbot.mail.SmtpSettings;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The user agent's mail tools: {@code mail_search} and {@code mail_read} (results marked untrusted, so
 * the gateway wraps them), and {@code mail_send}, which sends only to recipients {@code mail.sendAllowed}
 * lists and otherwise files a request for the operator through {@link ConsequentialActionRequester}.
 */
public final class MailTools {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MailTools() {
    }

    public static List<Tool> create(MailConfig config, ConsequentialActionRequester requester, EventSink events, Clock clock) {
        List<Tool> tools = new ArrayList<>();
        if (!config.mailboxes().isEmpty()) {
            tools.add(new Search(config, clock));
            tools.add(new Read(config, clock));
        }
        if (config.smtp() != null) tools.add(new Send(config, requester, events, clock));
        return tools;
    }

    private static ObjectNode schema(String... props) {
        ObjectNode s = JSON.createObjectNode().put("type", "object");
        ObjectNode p = s.putObject("properties");
        var required = s.putArray("required");
        for (int i = 0; i < props.length; i += 3) {
            p.putObject(props[i]).put("type", props[i + 1]).put("description", props[i + 2].replace("*", ""));
            if (props[i + 2].startsWith("*")) required.add(props[i]);
        }
        s.put("additionalProperties", false);
        return s;
    }

    static MailConfig.Mailbox mailbox(MailConfig config, JsonNode input) {
        String name = input.path("mailbox").asText("");
        if (name.isEmpty()) return config.mailboxes().get(0);
        return config.mailboxes().stream().filter(b -> b.name().equals(name)).findFirst().orElse(null);
    }

    static final class Search implements Tool {
        private final MailConfig config;
        private final Clock clock;

        Search(MailConfig config, Clock clock) {
            this.config = config;
            this.clock = clock;
        }

        @Override
        public ToolSpec spec() {
            return new ToolSpec("mail_search", "Search a mailbox by words in sender, subject or body; returns uid, date, sender and subject of the newest matches.",
                    schema("query", "string", "*Words to look for", "mailbox", "string", "Mailbox name (default: the first)",
                            "folder", "string", "Folder (default INBOX)", "limit", "integer", "Most results (1-50, default 10)"));
        }

        @Override
        public ToolResult invoke(JsonNode input, ToolContext context) {
            String query = input.path("query").asText("").trim();
            if (query.isEmpty()) return ToolResult.error("query is required");
            MailConfig.Mailbox box = mailbox(config, input);
            if (box == null) return ToolResult.error("unknown mailbox; configured: " + config.mailboxes().stream().map(MailConfig.Mailbox::name).toList());
            int limit = Math.max(1, Math.min(50, input.path("limit").asInt(10)));
            String folderName = input.path("folder").asText("INBOX");
            try {
                Optional<MailFolder> open = MailFolder.open(box.imap(), folderName, false, clock);
                if (open.isEmpty()) return ToolResult.error("no folder " + folderName);
                try (MailFolder folder = open.get()) {
                    List<ReceivedMail> list = new ArrayList<>(folder.search(query));
                    java.util.Collections.reverse(list);
                    StringBuilder sb = new StringBuilder();
                    for (ReceivedMail m : list.subList(0, Math.min(limit, list.size()))) {
                        sb.append("uid ").append(m.uid()).append(" | ").append(m.sentDate() == null ? "?" : m.sentDate())
                                .append(" | ").append(m.from()).append(" | ").append(m.subject()).append('\n');
                    }
                    return ToolResult.untrusted(sb.length() == 0 ? "No messages match." : sb.toString().strip());
                }
            } catch (MailException e) {
                return ToolResult.error("mail search failed: " + e.describe());
            }
        }
    }

    static final class Read implements Tool {
        private final MailConfig config;
        private final Clock clock;

        Read(MailConfig config, Clock clock) {
            this.config = config;
            this.clock = clock;
        }

        @Override
        public ToolSpec spec() {
            return new ToolSpec("mail_read", "Read one message (headers and text) by the uid mail_search gave.",
                    schema("uid", "integer", "*Message uid", "mailbox", "string", "Mailbox name (default: the first)", "folder", "string", "Folder (default INBOX)"));
        }

        @Override
        public ToolResult invoke(JsonNode input, ToolContext context) {
            if (!input.path("uid").canConvertToLong()) return ToolResult.error("uid is required (a number from mail_search)");
            MailConfig.Mailbox box = mailbox(config, input);
            if (box == null) return ToolResult.error("unknown mailbox");
            String folderName = input.path("folder").asText("INBOX");
            try {
                Optional<MailFolder> open = MailFolder.open(box.imap(), folderName, false, clock);
                if (open.isEmpty()) return ToolResult.error("no folder " + folderName);
                try (MailFolder folder = open.get()) {
                    Optional<ReceivedMail> found = folder.byUid(input.get("uid").asLong());
                    if (found.isEmpty()) return ToolResult.error("no message with uid " + input.get("uid").asLong());
                    ReceivedMail m = found.get();
                    String body = m.text();
                    if (body.length() > 20_000) body = body.substring(0, 20_000) + "\n[truncated]";
                    return ToolResult.untrusted("From: " + m.from() + "\nSubject: " + m.subject() + "\nDate: "
                            + (m.sentDate() == null ? "?" : m.sentDate()) + "\n\n" + body);
                }
            } catch (MailException e) {
                return ToolResult.error("mail read failed: " + e.describe());
            }
        }
    }

    static final class Send implements Tool {
        private final MailConfig config;
        private final ConsequentialActionRequester requester;
        private final EventSink events;
        private final Clock clock;

        Send(MailConfig config, ConsequentialActionRequester requester, EventSink events, Clock clock) {
            this.config = config;
            this.requester = requester;
            this.events = events;
            this.clock = clock;
        }

        @Override
        public ToolSpec spec() {
            return new ToolSpec("mail_send", "Send an e-mail. Recipients outside the allowed list need the operator's approval: the mail is then filed as a request instead of sent.",
                    schema("to", "string", "*Recipient addresses, comma-separated", "subject", "string", "*Subject", "body", "string", "*Plain-text body"));
        }

        @Override
        public ToolResult invoke(JsonNode input, ToolContext context) {
            String subject = input.path("subject").asText("");
            String body = input.path("body").asText("");
            List<String> recipients;
            try {
                recipients = MailAddress.list(input.path("to").asText(""));
            } catch (IllegalArgumentException e) {
                return ToolResult.error("invalid recipient: " + e.getMessage());
            }
            if (recipients.isEmpty()) return ToolResult.error("to is required");
            if (subject.isBlank() || subject.contains("\n") || subject.contains("\r")) return ToolResult.error("subject is required and must be one line");
            boolean allowed = recipients.stream().allMatch(r -> config.sendAllowed().stream().anyMatch(rule -> MailWatcher.matches(r, rule)));
            String actor = context == null || context.caller() == null ? "agent" : context.caller().id();
            if (!allowed) {
                if (requester == null) return ToolResult.error("these recipients need the operator's approval, and no approval channel is configured");
                Map<String, String> details = new LinkedHashMap<>();
                details.put("to", String.join(", ", recipients));
                details.put("subject", subject);
                details.put("body", body);
                String id = requester.request(new ConsequentialActionRequester.Request("mail_send", "Send e-mail to " + String.join(", ", recipients), details, actor,
                        context == null ? null : context.agentId()));
                events.emit(Event.of(clock.instant(), MailEvents.MAIL_SEND_REQUESTED, actor, "recipients", recipients.size(), "request", id));
                return ToolResult.ok("Not sent yet: sending to " + String.join(", ", recipients) + " needs the operator's approval. Request " + id + " was filed.");
            }
            try {
                new MailSender(config.smtp().settings(SmtpSettings.Security.STARTTLS_IF_OFFERED), clock).send(OutgoingMail.of(config.smtp().from(), recipients, subject, body));
                events.emit(Event.of(clock.instant(), MailEvents.MAIL_SENT, actor, "recipients", recipients.size()));
                return ToolResult.ok("Sent to " + String.join(", ", recipients) + ".");
            } catch (MailException e) {
                return ToolResult.error("sending failed: " + e.getMessage());
            }
        }
    }
}
