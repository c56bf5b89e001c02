package dev.clawdbot.siem.response;

import dev.clawdbot.core.events.Event;
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
    private final NftFirewall firewall;
    private final EventSink events;
    private final Clock clock;
    private final List<IpRange> allowed;

    public ActiveResponse(ResponseConfig config, BlockStore store, EventSink events, Clock clock) {
        this.config = config;
        this.store = store;
        this.firewall = new NftFirewall(config.nft());
        this.events = events;
        this.clock = clock;
        this.allowed = config.allowed();
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
            lift(b, b.expires(), "expired");
            n++;
        }
        return n;
    }

    /** Lifts an active block now ({@code clawdbot siem blocks unblock}); false when {@code address} has none. */
    public boolean unblock(String address, String reason) {
        byte[] literal = IpRange.literal(address.strip());
        if (literal == null) throw new IllegalArgumentException("'" + address + "' is not an IP address");
        Optional<BlockStore.Block> b = store.find(canonical(address.strip(), literal)).filter(BlockStore.Block::active);
        if (b.isEmpty()) return false;
        // A dry-run block never reached the kernel; an enforced one may have expired there already.
        if (!b.get().dryRun()) firewall.unblock(b.get().address());
        lift(b.get(), clock.instant(), reason);
        return true;
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
