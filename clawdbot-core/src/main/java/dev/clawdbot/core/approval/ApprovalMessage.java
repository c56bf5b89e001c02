package dev.clawdbot.core.approval;

import java.net.URI;
import java.time.Instant;

/**
 * What the broker tells the operator about one request. {@code code} is the request's one-time code that a mail
 * reply must carry; {@code pageCode} is the second code the approve page asks for, shown only where the channel
 * itself proves the operator (the admin bot's private chat, {@code request show}) and never in mail, so a forwarded
 * approval mail cannot approve through its link. {@code approveLink} may be null.
 */
public sealed interface ApprovalMessage {

    Request request();

    /**
     * The request as every surface names it. {@code summary} is the requester's words (untrusted: escape before
     * showing); {@code actionHash} is the SHA-256 of the exact actions that an approval binds to.
     */
    record Request(String id, String token, String summary, String actionHash, Instant expiresAt) {
        /** What an answer is bound to: the request id and the full hash of the actions shown. */
        public String binding() {
            return id + " " + actionHash;
        }
    }

    record AskApproval(ApprovalQuestion question, String code, String pageCode, URI approveLink) implements ApprovalMessage {
        @Override
        public Request request() {
            return question.request();
        }
    }

    record Reminder(ApprovalQuestion question, String code, String pageCode, URI approveLink) implements ApprovalMessage {
        @Override
        public Request request() {
            return question.request();
        }
    }

    /** A follow-up: an answer to the operator's question, or a request to clarify an ambiguous reply; answerable with {@code code}. */
    record FollowUp(Request request, String text, String code) implements ApprovalMessage {
    }

    /**
     * How a request ended: {@code state} as stored ({@code done}, {@code failed}); {@code quotedResult} is the
     * command output as quoted, escaped lines (untrusted), or null when there is none.
     */
    record Outcome(Request request, String state, String quotedResult) implements ApprovalMessage {
    }
}
