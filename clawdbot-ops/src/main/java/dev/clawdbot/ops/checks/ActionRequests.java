package dev.clawdbot.ops.checks;

import java.io.IOException;
import java.util.List;

/**
 * Where a check files a consequential action (pruning, a restart) for the operator to approve: the app fills it
 * with the request broker's spool intake, whose {@code broker.autoApprove} rules may approve a class of command
 * without asking. {@link #NONE} files nothing (no broker configured): the finding then names the command to run.
 */
@FunctionalInterface
public interface ActionRequests {
    /**
     * @param argvs the exact commands proposed (never a shell line)
     * @return the request's id, as the broker reports it
     */
    String file(String summary, String rationale, List<List<String>> argvs) throws IOException;

    ActionRequests NONE = (summary, rationale, argvs) -> null;
}
