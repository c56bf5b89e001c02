package dev.clawdbot.siem.cli;

import dev.clawdbot.core.Opened;
import dev.clawdbot.siem.AlertStore;
import dev.clawdbot.siem.SiemRole;
import dev.clawdbot.siem.digest.SiemDigest;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.concurrent.Callable;

/**
 * {@code clawdbot siem digest}: prints the daily security digest of the 24 hours before now, as the operator would
 * receive it (subject line, blank line, body), without sending it.
 */
@Command(name = "digest", description = "Print the security digest of the last 24 hours (not sent).", mixinStandardHelpOptions = true)
final class SiemDigestCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    SiemCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ZoneId zone = parent.clock().getZone();
        try (Opened<AlertStore> store = parent.store()) {
            new SiemDigest(store.get().database(), n -> out.print(n.subject() + "\n\n" + n.body()), SiemRole.localHostName(), zone)
                    .run(parent.clock().instant());
        }
        out.flush();
        return 0;
    }
}
