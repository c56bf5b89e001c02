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
 * @param firewall    {@code auto} (default: nftables when {@code nft} is on PATH or {@code nft} is configured, else
 *                    iptables), {@code nft} or {@code iptables}
 * @param iptables    the argv that runs iptables (default {@code [iptables]}); {@code ip6tables} the same for IPv6
 * @param ip6tables   the argv that runs ip6tables (default {@code [ip6tables]})
 * @param disableUser rule ids whose alerts lock the alert's user account ({@code dstuser}, else {@code srcuser}) for
 *                    the block timeout (default none)
 * @param program     rule ids and an argv run for their alerts (default none)
 * @param stopContainer rule ids whose alerts stop the alert's {@code container} for the block timeout, through the
 *                    Docker Engine API (default none)
 * @param dockerSocket the Docker Engine API's unix socket (default {@code /var/run/docker.sock})
 */
public record ResponseConfig(String mode, List<Integer> rules, List<String> groups, Integer level, List<String> timeouts,
                             String forgetAfter, List<String> allowlist, List<String> nft, String firewall, List<String> iptables,
                             List<String> ip6tables, List<Integer> disableUser, ProgramResponse program,
                             List<Integer> stopContainer, String dockerSocket) {

    /**
     * A configured program: run from an argv (never a shell) for alerts of {@code rules}; an argv word that is
     * exactly {@code {srcip}}, {@code {user}}, {@code {rule}} or {@code {level}} is replaced by the alert's value
     * ({@code srcip} only as a checked IP literal, {@code user} only as a valid user name; otherwise the program is
     * not run). 30 s time limit, output bounded.
     */
    public record ProgramResponse(List<Integer> rules, List<String> argv) {
        public ProgramResponse {
            rules = rules == null ? List.of() : List.copyOf(rules);
            if (argv == null || argv.isEmpty() || argv.stream().anyMatch(s -> s == null || s.isBlank())) {
                throw new IllegalArgumentException("siem.response.program.argv: an argv of non-empty words, such as [/usr/local/bin/notify, '{srcip}']");
            }
            argv = List.copyOf(argv);
        }
    }

    public ResponseConfig(String mode, List<Integer> rules, List<String> groups, Integer level, List<String> timeouts,
                          String forgetAfter, List<String> allowlist, List<String> nft) {
        this(mode, rules, groups, level, timeouts, forgetAfter, allowlist, nft, null, null, null, null, null, null, null);
    }

    public ResponseConfig(String mode, List<Integer> rules, List<String> groups, Integer level, List<String> timeouts,
                          String forgetAfter, List<String> allowlist, List<String> nft, String firewall, List<String> iptables,
                          List<String> ip6tables, List<Integer> disableUser, ProgramResponse program) {
        this(mode, rules, groups, level, timeouts, forgetAfter, allowlist, nft, firewall, iptables, ip6tables, disableUser, program, null, null);
    }

    public static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1/128");

    public ResponseConfig {
        mode = mode == null ? "dry-run" : mode;
        rules = rules == null ? List.of(880110) : List.copyOf(rules);
        groups = groups == null ? List.of() : List.copyOf(groups);
        timeouts = timeouts == null ? List.of("10m", "1h", "24h") : List.copyOf(timeouts);
        forgetAfter = forgetAfter == null ? "7d" : forgetAfter;
        allowlist = allowlist == null ? List.of() : List.copyOf(allowlist);
        // An nft argv given explicitly means nftables, whatever PATH says.
        firewall = firewall == null ? (nft == null ? "auto" : "nft") : firewall;
        nft = nft == null ? List.of("nft") : List.copyOf(nft);
        iptables = iptables == null ? List.of("iptables") : List.copyOf(iptables);
        ip6tables = ip6tables == null ? List.of("ip6tables") : List.copyOf(ip6tables);
        disableUser = disableUser == null ? List.of() : List.copyOf(disableUser);
        stopContainer = stopContainer == null ? List.of() : List.copyOf(stopContainer);
        dockerSocket = dockerSocket == null ? "/var/run/docker.sock" : dockerSocket;
        if (!List.of("auto", "nft", "iptables").contains(firewall)) {
            throw new IllegalArgumentException("siem.response.firewall must be auto, nft or iptables, was '" + firewall + "'");
        }
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
        return new ResponseConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
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

    /** The firewall to use: {@code auto} resolves to nftables when {@code nft} is on PATH, else iptables. */
    public Firewall firewallTool() {
        boolean nftables = firewall.equals("nft") || firewall.equals("auto") && onPath("nft");
        return nftables ? new NftFirewall(nft) : new IptablesFirewall(iptables, ip6tables);
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String d : path.split(":")) {
            if (!d.isEmpty() && java.nio.file.Files.isExecutable(java.nio.file.Path.of(d, program))) return true;
        }
        return false;
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
