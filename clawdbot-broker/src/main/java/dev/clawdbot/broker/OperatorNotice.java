package dev.clawdbot.broker;

import java.net.URI;

/** What the broker tells the operator. {@code code} is the request's one-time code; {@code approveLink} may be null. */
public sealed interface OperatorNotice {

    RequestView request();

    record AskApproval(RequestView request, String code, URI approveLink) implements OperatorNotice {
    }

    record Reminder(RequestView request, String code, URI approveLink) implements OperatorNotice {
    }

    /** A follow-up: an answer to the operator's question, or a request to clarify an ambiguous reply. */
    record FollowUp(RequestView request, String text) implements OperatorNotice {
    }

    record Outcome(RequestView request) implements OperatorNotice {
    }
}
