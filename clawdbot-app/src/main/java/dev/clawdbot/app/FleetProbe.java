package dev.clawdbot.app;

import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.notify.OperatorNotifier;
import dev.clawdbot.fleet.hosts.Inventory;
import dev.clawdbot.fleet.remote.Observation;
import dev.clawdbot.fleet.remote.OpResult;
import dev.clawdbot.fleet.remote.ReadOnlyOp;
import dev.clawdbot.fleet.remote.ReadOnlyOp.Kind;
import dev.clawdbot.fleet.remote.RemoteHost;
import dev.clawdbot.fleet.remote.RemoteSudoers;
import dev.clawdbot.fleet.ssh.SshPool;
import dev.clawdbot.ops.OpsConfig;
import dev.clawdbot.ops.checks.Accounts;
import dev.clawdbot.ops.checks.ContainerHousekeeping;
import dev.clawdbot.ops.checks.DiskCheck;
import dev.clawdbot.ops.checks.Finding;
import dev.clawdbot.ops.checks.Finding.Severity;
import dev.clawdbot.ops.checks.MemoryCheck;
import dev.clawdbot.ops.checks.RemoteProbe;
import dev.clawdbot.ops.checks.SshdSettings;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ops tiers' checks on the managed hosts, over the fleet's read-only operations: each result becomes findings,
 * with the local checks' thresholds ({@code ops.disk}, {@code ops.memory}) where ops has them and the fleet's verdict
 * otherwise. A host that cannot be reached (down, key refused or not pinned, login refused) is one CRITICAL finding.
 * Each host gets its own pool for the run, closed after it: nothing stays connected between tier runs.
 */
final class FleetProbe implements RemoteProbe {
    static final Map<String, List<Kind>> TIERS = Map.of(
            "daily", List.of(Kind.DISK, Kind.INODES, Kind.MEMORY, Kind.LOAD, Kind.FAILED_UNITS, Kind.CONTAINERS, Kind.JOURNAL_ERRORS, Kind.GPU),
            "weekly", List.of(Kind.UPDATES, Kind.CONTAINERS, Kind.DANGLING_IMAGES, Kind.DANGLING_VOLUMES, Kind.IMAGES),
            "monthly", List.of(Kind.PORTS, Kind.LOAD, Kind.SSHD, Kind.ACCOUNTS));
    private static final String HOUSEKEEPING = "docker-housekeeping";
    /** Failed units and listed packages beyond this are counted, as the local checks do. */
    private static final int MAX_LISTED = 30;

    private final Inventory inventory;
    private final EventSink events;
    private final Clock clock;
    private final DiskCheck disk;
    private final MemoryCheck memory;
    private final int warnPercent;
    private final int criticalPercent;
    private final int imageMaxAgeDays;
    /** The managed hosts' {@code /etc} for the sudoers (tests: a tree of their own). */
    private final String etc;

    /** With the thresholds of {@code ops.disk} (also for inodes), {@code ops.memory} and {@code ops.containers.imageMaxAgeDays}. */
    FleetProbe(Inventory inventory, OpsConfig config, EventSink events, Clock clock) {
        this(inventory, config.disk().warnPercent(), config.disk().criticalPercent(),
                new MemoryCheck(config.memory().minAvailablePercent(), config.memory().maxSwapUsedPercent()),
                config.containers().imageMaxAgeDays(), events, clock);
    }

    FleetProbe(Inventory inventory, int warnPercent, int criticalPercent, MemoryCheck memory, int imageMaxAgeDays, EventSink events, Clock clock) {
        this(inventory, warnPercent, criticalPercent, memory, imageMaxAgeDays, events, clock, "/etc");
    }

    FleetProbe(Inventory inventory, int warnPercent, int criticalPercent, MemoryCheck memory, int imageMaxAgeDays, EventSink events,
               Clock clock, String etc) {
        this.etc = etc;
        this.imageMaxAgeDays = imageMaxAgeDays;
        this.inventory = inventory;
        this.events = events;
        this.clock = clock;
        this.warnPercent = warnPercent;
        this.criticalPercent = criticalPercent;
        this.disk = new DiskCheck(warnPercent, criticalPercent);
        this.memory = memory;
    }

    @Override
    public List<String> hosts() {
        return List.copyOf(inventory.hosts().keySet());
    }

    @Override
    public List<Finding> check(String host, String tier) {
        // The pool's refusal events still go to the event log; the operator learns of them from this report's finding.
        try (SshPool pool = new SshPool(events, OperatorNotifier.none(), clock, Duration.ofMinutes(5))) {
            List<OpResult> results = new RemoteHost(inventory, pool).check(host, TIERS.getOrDefault(tier, List.of()).stream().map(ReadOnlyOp::of).toList());
            List<Finding> out = new ArrayList<>();
            for (OpResult r : results) {
                if (r.status() == OpResult.Status.UNREACHABLE) return List.of(unreachable(host, r.summary()));
                out.addAll(findings(host, tier, r));
            }
            if ("monthly".equals(tier)) out.addAll(sudoers(new RemoteSudoers(inventory, pool, etc).read(host)));
            return out;
        }
    }

    /** Read as root or through sudo -n: the local check's rules; else one INFO saying it needs root. */
    static List<Finding> sudoers(RemoteSudoers.Read read) {
        if (read.access() == RemoteSudoers.Access.NONE) {
            return List.of(new Finding(Severity.INFO, "posture", "sudoers", "sudoers need root, not reviewed: " + read.why(),
                    "review them as root on the host (visudo -c; cat /etc/sudoers /etc/sudoers.d/*), or let the SSH user run sudo -n"));
        }
        List<Finding> out = new ArrayList<>();
        read.problems().forEach(p -> out.add(new Finding(Severity.WARNING, "posture", "sudoers", p, "")));
        out.addAll(Accounts.sudoers(read.files()));
        return out;
    }

    static Finding unreachable(String host, String why) {
        return new Finding(Severity.CRITICAL, "host", host, "cannot be reached, nothing was checked: " + why,
                "clawdbot hosts check " + host + "; if its key is not pinned or changed, compare it on the host's console, then clawdbot hosts pin " + host);
    }

    private List<Finding> findings(String host, String tier, OpResult r) {
        String check = r.op().label();
        return switch (r.status()) {
            case UNREACHABLE -> List.of(unreachable(host, r.summary()));
            // nvidia-smi, docker or apt-get not installed there: the check does not apply to that host.
            case NOT_AVAILABLE -> r.op().kind() == Kind.GPU ? List.of() : List.of(new Finding(Severity.INFO, check, "", r.summary(), ""));
            // Like the local check, sshd -T runs without sudo; as a user other than root it cannot read the host keys.
            case FAIL -> r.op().kind() == Kind.SSHD
                    ? List.of(new Finding(Severity.INFO, "posture", "sshd", "sshd -T needs root, not reviewed: " + r.summary(),
                            "review sshd's settings as root on the host: sshd -T"))
                    : List.of(new Finding(Severity.WARNING, check, "", r.summary(), "clawdbot hosts check " + host + " --only " + check));
            case OK, WARN -> observed(host, tier, r);
        };
    }

    private List<Finding> observed(String host, String tier, OpResult r) {
        String check = r.op().label();
        List<Finding> out = new ArrayList<>();
        switch (r.observation()) {
            case Observation.Disk d -> d.mounts().forEach(m -> {
                if (m.total() <= 0 || Double.isNaN(m.usedPercent())) return;
                Finding f = disk.judge(new DiskCheck.Usage(m.mount(), m.filesystem(), m.total() * 1024, m.available() * 1024,
                        (int) Math.ceil(m.usedPercent())));
                if (f != null) out.add(f);
            });
            case Observation.Inodes d -> d.mounts().forEach(m -> {
                if (m.total() <= 0 || Double.isNaN(m.usedPercent())) return;
                int percent = (int) Math.ceil(m.usedPercent());
                if (percent >= warnPercent) {
                    out.add(new Finding(percent >= criticalPercent ? Severity.CRITICAL : Severity.WARNING, check, m.mount(),
                            percent + "% of inodes used, " + m.available() + " free",
                            "find the directories with many small files: du --inodes -x --max-depth=2 on the mount point"));
                }
            });
            case Observation.Memory m -> out.addAll(memory.check("MemTotal: " + m.totalKb() + " kB\nMemAvailable: " + m.availableKb()
                    + " kB\nSwapTotal: " + m.swapTotalKb() + " kB\nSwapFree: " + m.swapFreeKb() + " kB\n"));
            case Observation.FailedUnits u -> {
                u.units().stream().limit(MAX_LISTED).forEach(unit -> out.add(new Finding(Severity.WARNING, check, unit, "failed",
                        "ssh " + host + " journalctl -u " + unit)));
                if (u.units().size() > MAX_LISTED) {
                    out.add(new Finding(Severity.WARNING, check, "", (u.units().size() - MAX_LISTED) + " more failed units", ""));
                }
            }
            case Observation.Containers c when "weekly".equals(tier) -> {
                long stopped = c.containers().stream().filter(x -> x.state().equals("exited") || x.state().equals("created")).count();
                out.add(new Finding(Severity.INFO, "docker-housekeeping", "", c.containers().size() + " containers, " + stopped + " stopped",
                        stopped == 0 ? "" : "review, then on the host: docker container prune"));
            }
            case Observation.Images i when r.op().kind() == Kind.DANGLING_IMAGES -> {
                if (!i.images().isEmpty()) out.add(new Finding(Severity.INFO, HOUSEKEEPING, "dangling images", listed(i.images().stream()
                        .map(x -> x.ref() + " (" + x.detail() + ")").toList()), "review, then on the host: docker image prune --filter dangling=true"));
            }
            case Observation.Volumes v -> {
                if (!v.names().isEmpty()) out.add(new Finding(Severity.INFO, HOUSEKEEPING, "unused volumes", listed(v.names()),
                        "review, then on the host: docker volume prune"));
            }
            case Observation.Images i -> {
                List<String> old = new ArrayList<>();
                for (Observation.Image x : i.images()) {
                    long days = x.created() == null ? -1 : Duration.between(x.created(), clock.instant()).toDays();
                    if (days > imageMaxAgeDays) old.add(x.ref() + " " + days + "d");
                }
                out.add(ContainerHousekeeping.imageAge(HOUSEKEEPING, imageMaxAgeDays, i.images().size(), old));
            }
            case Observation.Lines l when r.op().kind() == Kind.SSHD -> out.addAll(SshdSettings.judge(String.join("\n", l.lines())));
            case Observation.Lines l when r.op().kind() == Kind.ACCOUNTS -> out.addAll(Accounts.users(String.join("\n", l.lines())));
            default -> out.add(verdict(host, r));
        }
        return out;
    }

    /** {@code N: a, b, ...}, the first {@link #MAX_LISTED} named. */
    private static String listed(List<String> items) {
        return items.size() + ": " + String.join(", ", items.stream().limit(MAX_LISTED).toList())
                + (items.size() > MAX_LISTED ? " and " + (items.size() - MAX_LISTED) + " more" : "");
    }

    /** Where ops has no local threshold: the fleet's verdict (WARN as a WARNING) and its one-line summary. */
    private static Finding verdict(String host, OpResult r) {
        boolean warn = r.status() == OpResult.Status.WARN;
        return new Finding(warn ? Severity.WARNING : Severity.INFO, r.op().label(), "", r.summary(),
                warn ? "clawdbot hosts check " + host + " --only " + r.op().label() : "");
    }
}
