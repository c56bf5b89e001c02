package dev.clawdbot.siem.response;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventType;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.siem.SiemEvents;
import dev.clawdbot.siem.rules.IpRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decides and takes the response to an alert: a trigger (rule id, group or level) blocks the alert's
 * {@code srcip} for an escalating timeout, unless it is allowlisted or already blocked. Every decision is
 * stored and emitted ({@code siem.response.block}, {@code .unblock}, {@code .refused}, {@code .failed}).
 * Not thread-safe by design: the siem engine thread and one-shot commands each own one.
 */
public final class ActiveResponse {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveResponse.class);

    /** What became of one alert. */
    public enum Outcome { NOT_TRIGGERED, BLOCKED, ALREADY_BLOCKED, REFUSED, FAILED }

    private final ResponseConfig config;
    private final BlockStore store;
    private final Firewall firewall;
    private final EventSink events;
    private final Clock clock;
    private final List<IpRange> allowed;
    private final HostActions host;
    private final DockerEngine docker;
    static final String CONTAINER_PREFIX = "container:";

    public ActiveResponse(ResponseConfig config, BlockStore store, EventSink events, Clock clock) {
        this.config = config;
        this.store = store;
        this.firewall = config.firewallTool();
        this.events = events;
        this.clock = clock;
        this.allowed = config.allowed();
        this.host = new HostActions(List.of("usermod"), java.nio.file.Path.of("/etc/passwd"));
        this.docker = new DockerEngine(java.nio.file.Path.of(config.dockerSocket()), Duration.ofSeconds(20));
    }

    /**
     * The host responses to an alert: locks its user when the rule is in {@code disableUser}, runs the configured
     * program when the rule is in {@code program.rules}. Audited like blocks; dry-run records without acting.
     */
    public void onAlertActions(int ruleId, int level, java.util.Map<String, String> fields) {
        if (config.disableUser().contains(ruleId)) lockUser(ruleId, HostActions.alertUser(fields));
        if (config.stopContainer().contains(ruleId)) stopContainer(ruleId, fields.get("container"));
        ResponseConfig.ProgramResponse p = config.program();
        if (p != null && p.rules().contains(ruleId)) runProgram(p, ruleId, level, fields.get("srcip"), HostActions.alertUser(fields));
    }

    private void lockUser(int ruleId, String user) {
        Instant now = clock.instant();
        String shown = user == null ? "" : user.length() > 32 ? user.substring(0, 32) : user;
        String why = host.refusal(user);
        if (why != null) {
            refuse(now, HostActions.USER_PREFIX + shown, ruleId, why);
            return;
        }
        hold(now, ruleId, HostActions.USER_PREFIX + user, "lock", SiemEvents.SIEM_RESPONSE_LOCK, () -> host.lock(user), "user", user);
    }

    private void stopContainer(int ruleId, String container) {
        Instant now = clock.instant();
        if (!DockerEngine.validName(container)) {
            String shown = container == null ? "" : container.length() > 64 ? container.substring(0, 64) : container;
            refuse(now, CONTAINER_PREFIX + shown, ruleId, "not a container name");
            return;
        }
        hold(now, ruleId, CONTAINER_PREFIX + container, "stop", SiemEvents.SIEM_RESPONSE_STOP, () -> docker.stop(container, 10), "container", container);
    }

    /**
     * A stateful host response: taken unless one for {@code key} is active, for the escalating timeout, stored in
     * {@code siem_blocks} under {@code key} (so {@link #expire()} undoes it) and audited as {@code action}.
     */
    private void hold(Instant now, int ruleId, String key, String action, EventType type, Runnable act, String what, String name) {
        Optional<BlockStore.Block> prev = store.find(key);
        if (prev.isPresent() && prev.get().active() && prev.get().expires().isAfter(now)) return;
        int offence = prev.isPresent() && prev.get().blockedAt().isAfter(now.minus(config.forget())) ? prev.get().offences() + 1 : 1;
        Duration timeout = config.timeout(offence);
        boolean dryRun = !config.enforce();
        if (!dryRun) {
            try {
                act.run();
            } catch (RuntimeException e) {
                store.record(new BlockStore.Response(now, "failed", key, ruleId, timeout.toSeconds(), offence, false, e.getMessage()));
                events.emit(Event.of(now, SiemEvents.SIEM_RESPONSE_FAILED, "siem", "address", key, "rule", ruleId, "error", e.getMessage()));
                return;
            }
        }
        Instant expires = now.plus(timeout);
        store.save(new BlockStore.Block(key, offence, ruleId, now, expires, true, dryRun),
                new BlockStore.Response(now, action, key, ruleId, timeout.toSeconds(), offence, dryRun, "rule " + ruleId));
        events.emit(Event.of(now, type, "siem", what, name, "rule", ruleId, "offence", offence,
                "timeoutSeconds", timeout.toSeconds(), "expires", expires.toString(), "dryRun", dryRun));
    }

    private void runProgram(ResponseConfig.ProgramResponse p, int ruleId, int level, String srcip, String user) {
        Instant now = clock.instant();
        List<String> argv = HostActions.programArgv(p.argv(), ruleId, level, srcip, user);
        String target = srcip != null && IpRange.literal(srcip.strip()) != null ? srcip.strip() : "";
        if (argv == null) {
            refuse(now, target, ruleId, "program: a value of the alert failed its check");
            return;
        }
        boolean dryRun = !config.enforce();
        int exit = 0;
        if (!dryRun) exit = host.runProgram(argv).exit();
        store.record(new BlockStore.Response(now, "program", target, ruleId, 0, 0, dryRun, (dryRun ? "not run: " : "exit " + exit + ": ") + argv.getFirst()));
        events.emit(Event.of(now, SiemEvents.SIEM_RESPONSE_PROGRAM, exit == 0 ? 5 : 8, "siem", "program", argv.getFirst(), "rule", ruleId,
                "exit", exit, "dryRun", dryRun));
    }

    public boolean triggers(int ruleId, int level, List<String> groups) {
        if (ruleId <= 0) return false;
        return config.rules().contains(ruleId) || groups.stream().anyMatch(config.groups()::contains)
                || (config.level() != null && level >= config.level());
    }

    /** Responds to an alert of {@code ruleId} from {@code srcip} (null when the rule decoded none). */
    public Outcome onAlert(int ruleId, int level, List<String> groups, String srcip) {
        if (!triggers(ruleId, level, groups) || srcip == null) return Outcome.NOT_TRIGGERED;
        Instant now = clock.instant();
        String address = srcip.strip();
        byte[] literal = IpRange.literal(address);
        if (literal == null) return refuse(now, srcip, ruleId, "not an IP address");
        address = canonical(address, literal);
        for (IpRange r : allowed) if (r.contains(address)) return refuse(now, address, ruleId, "allowlisted");
        Optional<BlockStore.Block> prev = store.find(address);
        if (prev.isPresent() && prev.get().active() && prev.get().expires().isAfter(now)) return Outcome.ALREADY_BLOCKED;
        int offence = prev.isPresent() && prev.get().blockedAt().isAfter(now.minus(config.forget())) ? prev.get().offences() + 1 : 1;
        Duration timeout = config.timeout(offence);
        boolean dryRun = !config.enforce();
        if (!dryRun) {
            try {
                firewall.block(address, timeout);
            } catch (RuntimeException e) {
                LOG.warn("siem: blocking {}: {}", address, e.getMessage());
                store.record(new BlockStore.Response(now, "failed", address, ruleId, timeout.toSeconds(), offence, false, e.getMessage()));
                events.emit(Event.of(now, SiemEvents.SIEM_RESPONSE_FAILED, "siem", "address", address, "rule", ruleId, "error", e.getMessage()));
                return Outcome.FAILED;
            }
        }
        Instant expires = now.plus(timeout);
        store.save(new BlockStore.Block(address, offence, ruleId, now, expires, true, dryRun),
                new BlockStore.Response(now, "block", address, ruleId, timeout.toSeconds(), offence, dryRun, "rule " + ruleId));
        events.emit(Event.of(now, SiemEvents.SIEM_RESPONSE_BLOCK, "siem", "address", address, "rule", ruleId, "offence", offence,
                "timeoutSeconds", timeout.toSeconds(), "expires", expires.toString(), "dryRun", dryRun));
        return Outcome.BLOCKED;
    }

    /** Marks blocks whose timeout has passed as lifted (the kernel already dropped the element). */
    public int expire() {
        Instant now = clock.instant();
        int n = 0;
        for (BlockStore.Block b : store.active()) {
            if (b.expires().isAfter(now)) break;
            if (!b.dryRun()) {
                try {
                    undo(b, false);
                } catch (RuntimeException e) {
                    LOG.warn("siem: lifting the block of {}: {}", b.address(), e.getMessage());
                }
            }
            lift(b, b.expires(), "expired");
            n++;
        }
        return n;
    }

    /**
     * Lifts an active hold now ({@code clawdbot siem blocks unblock}): an address's block, a user's lock
     * ({@code user:NAME}) or a container's stop ({@code container:NAME}); false when {@code target} has none. When
     * undoing fails (nft, usermod or the Engine API refuses) the exception propagates and the hold stays recorded.
     *
     * @throws IllegalArgumentException when {@code target} is none of the three forms
     */
    public boolean unblock(String target, String reason) {
        Optional<BlockStore.Block> b = store.find(holdKey(target.strip())).filter(BlockStore.Block::active);
        if (b.isEmpty()) return false;
        // A dry-run hold never reached the host.
        if (!b.get().dryRun()) undo(b.get(), true);
        lift(b.get(), clock.instant(), reason);
        return true;
    }

    /** The {@code siem_blocks} key an operator names: {@code user:NAME}, {@code container:NAME} or an address, checked and canonical. */
    private static String holdKey(String target) {
        if (target.startsWith(HostActions.USER_PREFIX)) {
            if (HostActions.validUser(target.substring(HostActions.USER_PREFIX.length()))) return target;
            throw new IllegalArgumentException("'" + target + "' does not name a valid user after user:");
        }
        if (target.startsWith(CONTAINER_PREFIX)) {
            if (DockerEngine.validName(target.substring(CONTAINER_PREFIX.length()))) return target;
            throw new IllegalArgumentException("'" + target + "' does not name a valid container after container:");
        }
        byte[] literal = IpRange.literal(target);
        if (literal == null) throw new IllegalArgumentException("'" + target + "' is not an IP address, user:NAME or container:NAME");
        return canonical(target, literal);
    }

    /**
     * Undoes an enforced hold: the user unlocked, the container started again, or the address taken out of the
     * firewall — at expiry only where the firewall keeps no timeout of its own (iptables; nft elements expire in the
     * kernel), always when lifted {@code early}.
     */
    private void undo(BlockStore.Block b, boolean early) {
        String key = b.address();
        if (key.startsWith(HostActions.USER_PREFIX)) host.unlock(key.substring(HostActions.USER_PREFIX.length()));
        else if (key.startsWith(CONTAINER_PREFIX)) docker.start(key.substring(CONTAINER_PREFIX.length()));
        else if (early || !firewall.kernelExpires()) firewall.unblock(key);
    }

    private void lift(BlockStore.Block b, Instant at, String reason) {
        long seconds = Duration.between(b.blockedAt(), b.expires()).toSeconds();
        store.save(new BlockStore.Block(b.address(), b.offences(), b.ruleId(), b.blockedAt(), b.expires(), false, b.dryRun()),
                new BlockStore.Response(at, "unblock", b.address(), b.ruleId(), seconds, b.offences(), b.dryRun(), reason));
        events.emit(Event.of(at, SiemEvents.SIEM_RESPONSE_UNBLOCK, "siem", "address", b.address(), "rule", b.ruleId(),
                "reason", reason, "dryRun", b.dryRun()));
    }

    private Outcome refuse(Instant now, String address, int ruleId, String reason) {
        String shown = address.length() > 64 ? address.substring(0, 64) : address;
        store.record(new BlockStore.Response(now, "refused", shown, ruleId, 0, 0, !config.enforce(), reason));
        events.emit(Event.of(now, SiemEvents.SIEM_RESPONSE_REFUSED, "siem", "address", shown, "rule", ruleId, "reason", reason));
        return Outcome.REFUSED;
    }

    /** One spelling per address ({@code 010.0.0.1} and {@code 10.0.0.1}, compressed and full IPv6) for one row. */
    private static String canonical(String text, byte[] literal) {
        try {
            return java.net.InetAddress.getByAddress(literal).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return text;
        }
    }
}
