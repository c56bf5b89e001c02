package dev.clawdbot.core.approval;

/** Where a channel hands proven answers: the broker. Returns the line to show the operator. */
@FunctionalInterface
public interface ApprovalAnswers {
    String answer(OperatorAnswer answer);
}
