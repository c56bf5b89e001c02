package dev.clawdbot.broker;

import java.net.URI;

/**
 * What the broker tells the operator. {@code code} is the request's one-time code that a mail reply must carry;
 * {@code pageCode} is the second code the approve page asks for, sent only where the channel itself proves the
 * operator (the admin bot's private chat, {@code request show}) and never in mail, so a forwarded approval mail
 * cannot approve through its link. {@code approveLink} may be null.
 */
public sealed interface OperatorNotice {

    RequestView request();

    record AskApproval(RequestView request, String code, String pageCode, URI approveLink) implements OperatorNotice {
    }

    record Reminder(RequestView request, String code, String pageCode, URI approveLink) implements OperatorNotice {
    }

    /** A follow-up: an answer to the operator's question, or a request to clarify an ambiguous reply; answerable with {@code code}. */
    record FollowUp(RequestView request, String text, String code) implements OperatorNotice {
    }

    record Outcome(RequestView request) implements OperatorNotice {
    }
}
