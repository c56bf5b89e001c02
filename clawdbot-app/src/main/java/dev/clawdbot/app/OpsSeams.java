package dev.clawdbot.app;

import dev.clawdbot.broker.request.HostChangeRequest;
import dev.clawdbot.broker.request.ProposedAction;
import dev.clawdbot.broker.admin.AdminRunner;
import dev.clawdbot.broker.admin.AdminTrigger;
import dev.clawdbot.broker.spool.SpoolIntake;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.notify.OperatorNotifier;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.fleet.remote.RemoteHost;
import dev.clawdbot.fleet.ssh.SshPool;
import dev.clawdbot.llm.ModelRouter;
import dev.clawdbot.llm.Models;
import dev.clawdbot.ops.OpsRole;
import dev.clawdbot.ops.checks.ActionRequests;
import dev.clawdbot.ops.checks.AdminReview;
import dev.clawdbot.ops.scheduler.Job;
import dev.clawdbot.ops.scheduler.JobSpec;
import dev.clawdbot.siem.SiemRole;
import dev.clawdbot.siem.digest.SiemDigest;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * What the ops checks reach in the rest of Clawdbot, the same for {@code clawdbot serve} and {@code clawdbot ops run}:
 * consequential actions (pruning, the admin review's proposals) go into the broker's spool as requests from
 * {@code ops} (without a broker they are only reported), the sandbox's orphan collector, the broker spool and the
 * event log directory for housekeeping, the broker's admin runner (timer profile) for {@code ops.adminReview}, and
 * the managed hosts of {@code hosts:} for the tiers' per-host sections ({@link FleetProbe}).
 */
final class OpsSeams {
    private OpsSeams() {
    }

    /** @param router the gateway's model router when this process runs one (null: one is built for an admin review) */
    static OpsRole.Seams of(Settings settings, Database database, EventSink events, Clock clock, Supplier<ModelRouter> router) {
        var broker = settings.config().broker();
        ActionRequests requests = ActionRequests.NONE;
        if (broker != null) {
            var spool = new SpoolIntake(broker.spoolDir(), events, clock);
            requests = (summary, rationale, argvs) -> spool.submit(new HostChangeRequest("ops", summary, rationale,
                    argvs.stream().<ProposedAction>map(a -> ProposedAction.command(a.toArray(String[]::new))).toList(), HostChangeRequest.Urgency.LOW));
        }
        Callable<Integer> gc = () -> {
            try (var sandbox = Components.openSandbox(settings, events, clock)) {
                return sandbox.gc();
            }
        };
        var hosts = settings.config().inventory(settings.dataDir());
        AdminReview.Runner admin = broker == null ? null : prompt -> {
            ModelRouter r = router.get();
            // host_check's connections last for the review run only.
            try (var pool = new SshPool(events, OperatorNotifier.none(), clock, Duration.ofMinutes(5))) {
                var run = new AdminRunner(broker.admin(), r != null ? r : Models.router(settings.config().models(), database, clock, null),
                        events, clock, null, null, new RemoteHost(hosts, pool)).run(AdminTrigger.TIMER, prompt, null);
                return run.runId() + " (" + run.stop() + ")\n" + run.finalText();
            }
        };
        return new OpsRole.Seams(requests, gc, broker == null ? List.of() : List.of(broker.spoolDir()),
                List.of(settings.dataDir().resolve("events")), null, admin, Map.of(),
                hosts.isEmpty() ? null : new FleetProbe(hosts, settings.config().ops(), events, clock));
    }

    /** The siem's daily digest job: its schedule is {@code siem.digest.at} as a calendar event, persistent. */
    static final String SIEM_DIGEST = "siem-digest";

    /**
     * Jobs of the siem module for the ops scheduler: {@code siem-digest} (the digest of the 24 hours before its
     * scheduled time, sent through {@code notifier}); none when the siem or its digest is off.
     */
    static Map<JobSpec, Job> siemJobs(Settings settings, Database database, OperatorNotifier notifier) {
        var siem = settings.config().siem();
        if (!siem.enabled() || !siem.digest().enabled()) return Map.of();
        SiemDigest digest = new SiemDigest(database, notifier, SiemRole.localHostName(), ZoneId.systemDefault());
        // A few SQL aggregates over a day's alerts: seconds even for a million rows; 10 min is far beyond a healthy run.
        return Map.of(new JobSpec(SIEM_DIGEST, siem.digest().calendar(), true, Duration.ZERO, Duration.ofMinutes(10)), digest::run);
    }

    /**
     * Whether this process's ops engine schedules the siem digest: both roles run here and ops is enabled. Otherwise
     * ({@code serve --roles siem}, or {@code ops.enabled: false}) the siem role keeps its own daily timer.
     */
    static boolean opsRunsSiemDigest(Settings settings, Set<String> roles) {
        return roles.contains("siem") && roles.contains("ops") && settings.config().ops().enabled();
    }
}
