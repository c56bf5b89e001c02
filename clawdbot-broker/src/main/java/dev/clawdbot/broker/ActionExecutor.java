package dev.clawdbot.broker;

import dev.clawdbot.broker.request.ProposedAction;

/**
 * Performs one approved action. The broker records the idempotency key before calling and never calls
 * twice for the same key; an executor that reaches a remote host should pass the key along where it can.
 */
@FunctionalInterface
public interface ActionExecutor {

    Result execute(ProposedAction action, String idempotencyKey) throws Exception;

    record Result(int exitCode, String output) {
        public Result {
            output = output == null ? "" : output;
        }

        public boolean ok() {
            return exitCode == 0;
        }
    }
}
