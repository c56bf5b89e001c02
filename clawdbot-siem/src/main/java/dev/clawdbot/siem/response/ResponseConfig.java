package dev.clawdbot.siem.response;

import dev.clawdbot.siem.rules.IpRange;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code siem.response:} — active response. An alert whose rule id is in {@code rules}, or that carries one of
 * {@code groups}, or whose level is at least {@code level} blocks its {@code srcip} with nftables. With no section
 * the mode is {@code dry-run}: the decision is made, stored and emitted as an event, but nothing reaches the
 * kernel, so a default install can never lock its operator out.
 *
 * @param mode        {@code dry-run} (default) or {@code enforce}
 * @param rules       rule ids that trigger a block (default: 880110, sshd brute force)
 * @param groups      rule groups that trigger a block (default none)
 * @param level       minimum level that triggers a block, 1..16 (default none)
 * @param timeouts    block durations for the 1st, 2nd, 3rd… offence; the last repeats (default 10m, 1h, 24h)
 * @param forgetAfter an address with no block for this long starts again at the first timeout (default 7d)
 * @param allowlist   addresses and CIDR blocks never blocked; loopback always is
 * @param nft         the argv that runs nft (default {@code [nft]})
 */
public record ResponseConfig(String mode, List<Integer> rules, List<String> groups, Integer level, List<String> timeouts,
                             String forgetAfter, List<String> allowlist, List<String> nft) {

    public static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1/128");

    public ResponseConfig {
        mode = mode == null ? "dry-run" : mode;
        rules = rules == null ? List.of(880110) : List.copyOf(rules);
        groups = groups == null ? List.of() : List.copyOf(groups);
        timeouts = timeouts == null ? List.of("10m", "1h", "24h") : List.copyOf(timeouts);
        forgetAfter = forgetAfter == null ? "7d" : forgetAfter;
        allowlist = allowlist == null ? List.of() : List.copyOf(allowlist);
        nft = nft == null ? List.of("nft") : List.copyOf(nft);
        if (!mode.equals("dry-run") && !mode.equals("enforce")) {
            throw new IllegalArgumentException("siem.response.mode must be dry-run or enforce, was '" + mode + "'");
        }
        if (level != null && (level < 1 || level > 16)) throw new IllegalArgumentException("siem.response.level must be 1..16, was " + level);
        if (timeouts.isEmpty()) throw new IllegalArgumentException("siem.response.timeouts: name at least one duration");
        for (String t : timeouts) duration("timeouts", t);
        duration("forgetAfter", forgetAfter);
        for (String a : allowlist) {
            try {
                IpRange.parse(a);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("siem.response.allowlist: " + e.getMessage(), e);
            }
        }
        if (nft.isEmpty() || nft.stream().anyMatch(s -> s == null || s.isBlank())) {
            throw new IllegalArgumentException("siem.response.nft: an argv of non-empty words, such as [nft]");
        }
    }

    public static ResponseConfig defaults() {
        return new ResponseConfig(null, null, null, null, null, null, null, null);
    }

    public boolean enforce() {
        return mode.equals("enforce");
    }

    /** The timeout for the {@code offence}-th block (1-based); past the list, its last entry. */
    public Duration timeout(int offence) {
        return duration("timeouts", timeouts.get(Math.min(Math.max(offence, 1), timeouts.size()) - 1));
    }

    public Duration forget() {
        return duration("forgetAfter", forgetAfter);
    }

    /** Loopback plus the configured allowlist. */
    public List<IpRange> allowed() {
        List<IpRange> out = new ArrayList<>();
        for (String a : LOOPBACK) out.add(IpRange.parse(a));
        for (String a : allowlist) out.add(IpRange.parse(a));
        return out;
    }

    /** {@code 90s}, {@code 10m}, {@code 1h}, {@code 7d}; at least one second, at most 365 days. */
    static Duration duration(String key, String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (t.length() >= 2 && t.length() <= 10 && "smhd".indexOf(t.charAt(t.length() - 1)) >= 0
                && t.substring(0, t.length() - 1).chars().allMatch(Character::isDigit)) {
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            Duration d = switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            if (d.toSeconds() >= 1 && d.compareTo(Duration.ofDays(365)) <= 0) return d;
        }
        throw new IllegalArgumentException("siem.response." + key + ": '" + text + "' is not a duration of 1s..365d such as 90s, 10m, 1h or 7d");
    }
}
