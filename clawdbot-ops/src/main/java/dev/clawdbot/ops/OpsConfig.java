package dev.clawdbot.ops;

import dev.clawdbot.ops.secrets.SecretEntry;
import dev.clawdbot.ops.watchdog.WatchdogConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ops:} — the operations engine. Works with no configuration: the daily tier runs at 04:00 local time.
 *
 * @param enabled      false keeps the ops role from scheduling anything
 * @param node         this node's name among those sharing the database (default: the host name)
 * @param pollInterval how often the scheduler looks for due runs (default 10 s)
 * @param disk         the disk check's thresholds
 * @param memory       the memory check's thresholds
 * @param jobs         per built-in job: schedule and timer options (only built-in job names are accepted)
 * @param secrets      the secret rotation inventory, added to the secrets Clawdbot itself holds (same name: this wins)
 * @param watchdog     the session watchdog's transcript directories and restart hook
 * @param tls          the TLS endpoints whose certificate expiry the daily tier checks
 * @param containers   the container engine the container checks talk to
 * @param spool        the shared/spool directories the weekly tier looks for stale files in
 * @param logs         Clawdbot's own log directories the weekly tier rotates and compresses
 * @param audit        the monthly tier's disk breakdown roots and security posture paths
 * @param health       the daily tier's thresholds for Clawdbot's own health
 * @param adminReview  which tiers start an admin-agent run that reads the report and files broker requests
 */
public record OpsConfig(Boolean enabled, String node, Duration pollInterval, DiskConfig disk, MemoryConfig memory,
                        Map<String, JobConfig> jobs, List<SecretEntry> secrets, WatchdogConfig watchdog,
                        TlsConfig tls, ContainersConfig containers, SpoolConfig spool, LogsConfig logs, AuditConfig audit,
                        HealthConfig health, AdminReviewConfig adminReview) {
    /**
     * The jobs Clawdbot has, with their default schedules (systemd calendar events). The rotation check runs daily
     * (it sends nothing unless a ladder step is reached) so the weekly overdue reminders can happen.
     */
    public static final Map<String, String> BUILT_IN = Map.of("daily", "*-*-* 04:00", "weekly", "Sun *-*-* 03:00", "monthly", "*-*-15 03:00", "secret-rotation", "*-*-* 09:00",
            "watchdog", "*:0/5");
    private static final Set<String> KNOWN = BUILT_IN.keySet();

    public OpsConfig {
        enabled = enabled == null || enabled;
        node = node == null || node.isBlank() ? hostName() : node;
        pollInterval = pollInterval == null ? Duration.ofSeconds(10) : pollInterval;
        if (pollInterval.toMillis() < 100 || pollInterval.toMinutes() > 10) {
            throw new IllegalArgumentException("ops.pollInterval must be between 100ms and 10m, was " + pollInterval);
        }
        disk = disk == null ? new DiskConfig(null, null, null) : disk;
        memory = memory == null ? new MemoryConfig(null, null) : memory;
        Map<String, JobConfig> merged = new LinkedHashMap<>();
        BUILT_IN.forEach((name, schedule) -> merged.put(name, new JobConfig(schedule, null, null, null, null)));
        if (jobs != null) {
            jobs.forEach((name, job) -> {
                if (!KNOWN.contains(name)) {
                    throw new IllegalArgumentException("ops.jobs." + name + ": no such job; the jobs are " + String.join(", ", KNOWN));
                }
                JobConfig j = job == null ? new JobConfig(null, null, null, null, null) : job;
                merged.put(name, new JobConfig(j.schedule() == null ? BUILT_IN.get(name) : j.schedule(), j.persistent(),
                        j.randomizedDelay(), j.timeout(), j.enabled()));
            });
        }
        jobs = Map.copyOf(merged);
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        watchdog = watchdog == null ? new WatchdogConfig(null, null, null, null, null, null) : watchdog;
        tls = tls == null ? new TlsConfig(null, null, null) : tls;
        containers = containers == null ? new ContainersConfig(null, null, null) : containers;
        spool = spool == null ? new SpoolConfig(null, null) : spool;
        logs = logs == null ? new LogsConfig(null, null, null) : logs;
        audit = audit == null ? new AuditConfig(null, null, null, null) : audit;
        health = health == null ? new HealthConfig(null, null, null, null) : health;
        adminReview = adminReview == null ? new AdminReviewConfig(null) : adminReview;
        Set<String> names = new HashSet<>();
        for (SecretEntry e : secrets) {
            if (!names.add(e.name())) throw new IllegalArgumentException("ops.secrets: the name " + e.name() + " appears twice");
        }
    }

    public static OpsConfig defaults() {
        return new OpsConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * {@code ops.disk:} — percent used at which a filesystem is a warning (default 85) or critical (default 95);
     * a filesystem that would be full within {@code fullWithinDays} (default 14) at its growth since the last daily
     * run is a warning.
     */
    public record DiskConfig(Integer warnPercent, Integer criticalPercent, Integer fullWithinDays) {
        public DiskConfig {
            fullWithinDays = fullWithinDays == null ? 14 : fullWithinDays;
            if (fullWithinDays < 1) throw new IllegalArgumentException("ops.disk.fullWithinDays must be at least 1, was " + fullWithinDays);
            warnPercent = warnPercent == null ? 85 : warnPercent;
            criticalPercent = criticalPercent == null ? 95 : criticalPercent;
            if (warnPercent < 1 || criticalPercent > 100 || warnPercent > criticalPercent) {
                throw new IllegalArgumentException("ops.disk: need 1 <= warnPercent <= criticalPercent <= 100, were "
                        + warnPercent + " and " + criticalPercent);
            }
        }
    }

    /** {@code ops.memory:} — warn below this percent of memory available (10) or above this percent of swap used (50). */
    public record MemoryConfig(Integer minAvailablePercent, Integer maxSwapUsedPercent) {
        public MemoryConfig {
            minAvailablePercent = minAvailablePercent == null ? 10 : minAvailablePercent;
            maxSwapUsedPercent = maxSwapUsedPercent == null ? 50 : maxSwapUsedPercent;
            if (minAvailablePercent < 0 || minAvailablePercent > 100 || maxSwapUsedPercent < 0 || maxSwapUsedPercent > 100) {
                throw new IllegalArgumentException("ops.memory: percentages must be 0..100, were "
                        + minAvailablePercent + " and " + maxSwapUsedPercent);
            }
        }
    }

    /**
     * {@code ops.tls:} — certificate expiry (daily tier).
     *
     * @param endpoints    {@code host:port} of each TLS service to check (default none)
     * @param warnDays     a WARNING at this many days left or fewer (default 21)
     * @param criticalDays CRITICAL at this many days left or fewer (default 7)
     */
    public record TlsConfig(List<String> endpoints, Integer warnDays, Integer criticalDays) {
        public TlsConfig {
            endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
            for (String e : endpoints) {
                int colon = e.lastIndexOf(':');
                boolean ok = colon > 0 && colon < e.length() - 1 && e.substring(colon + 1).chars().allMatch(Character::isDigit)
                        && e.length() - colon <= 6 && Integer.parseInt(e.substring(colon + 1)) > 0 && Integer.parseInt(e.substring(colon + 1)) < 65536;
                if (!ok) throw new IllegalArgumentException("ops.tls.endpoints: " + e + " is not host:port (port 1..65535)");
            }
            warnDays = warnDays == null ? 21 : warnDays;
            criticalDays = criticalDays == null ? 7 : criticalDays;
            if (criticalDays < 0 || warnDays < criticalDays) {
                throw new IllegalArgumentException("ops.tls: need 0 <= criticalDays <= warnDays, were " + criticalDays + " and " + warnDays);
            }
        }
    }

    /**
     * {@code ops.containers:} — the Docker Engine API (or Podman's Docker-compatible socket).
     *
     * @param socket          the engine's unix socket (default {@code /var/run/docker.sock}); absent: the container
     *                        checks say "no container engine"
     * @param timeout         deadline for one API request (default 10 s)
     * @param imageMaxAgeDays images built longer ago are listed in the weekly image age report (default 90)
     */
    public record ContainersConfig(Path socket, Duration timeout, Integer imageMaxAgeDays) {
        public ContainersConfig {
            socket = socket == null ? Path.of("/var/run/docker.sock") : socket;
            if (!socket.isAbsolute()) throw new IllegalArgumentException("ops.containers.socket: " + socket + " is not an absolute path");
            timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
            if (timeout.toMillis() < 100 || timeout.toMinutes() > 5) {
                throw new IllegalArgumentException("ops.containers.timeout must be between 100ms and 5m, was " + timeout);
            }
            imageMaxAgeDays = imageMaxAgeDays == null ? 90 : imageMaxAgeDays;
            if (imageMaxAgeDays < 1) throw new IllegalArgumentException("ops.containers.imageMaxAgeDays must be at least 1, was " + imageMaxAgeDays);
        }
    }

    /**
     * {@code ops.spool:} — stale files in shared/spool directories (weekly tier).
     *
     * @param dirs       absolute directories to look in, besides the broker's spool (default none)
     * @param staleAfter a file not modified for this long is stale (default 7 days)
     */
    public record SpoolConfig(List<Path> dirs, Duration staleAfter) {
        public SpoolConfig {
            dirs = absolute("ops.spool.dirs", dirs);
            staleAfter = staleAfter == null ? Duration.ofDays(7) : staleAfter;
            if (staleAfter.toMinutes() < 1) throw new IllegalArgumentException("ops.spool.staleAfter must be at least 1 min, was " + staleAfter);
        }
    }

    /**
     * {@code ops.logs:} — rotation and compression of Clawdbot's own logs (weekly tier).
     *
     * @param dirs        absolute directories of Clawdbot's logs, besides the event log's (default none)
     * @param rotateBytes a {@code *.log} file this large is copied into a compressed archive and truncated (default 64 MiB)
     * @param keepDays    compressed archives older than this are deleted (default 30)
     */
    public record LogsConfig(List<Path> dirs, Long rotateBytes, Integer keepDays) {
        public LogsConfig {
            dirs = absolute("ops.logs.dirs", dirs);
            rotateBytes = rotateBytes == null ? 64L << 20 : rotateBytes;
            if (rotateBytes < 1024) throw new IllegalArgumentException("ops.logs.rotateBytes must be at least 1024, was " + rotateBytes);
            keepDays = keepDays == null ? 30 : keepDays;
            if (keepDays < 1) throw new IllegalArgumentException("ops.logs.keepDays must be at least 1, was " + keepDays);
        }
    }

    /**
     * {@code ops.audit:} — the monthly tier's full disk breakdown and security posture review.
     *
     * @param roots             directories whose largest subdirectories are listed (default {@code /})
     * @param top               how many of the largest directories to list (default 15)
     * @param walkBudget        the breakdown stops walking after this long and says so (default 2 min)
     * @param worldWritablePaths directories searched for world-writable files (default {@code /etc}, {@code /usr/local/bin})
     */
    public record AuditConfig(List<Path> roots, Integer top, Duration walkBudget, List<Path> worldWritablePaths) {
        public AuditConfig {
            roots = roots == null ? List.of(Path.of("/")) : absolute("ops.audit.roots", roots);
            top = top == null ? 15 : top;
            if (top < 1 || top > 200) throw new IllegalArgumentException("ops.audit.top must be 1..200, was " + top);
            walkBudget = walkBudget == null ? Duration.ofMinutes(2) : walkBudget;
            if (walkBudget.toMillis() < 100) throw new IllegalArgumentException("ops.audit.walkBudget must be at least 100ms, was " + walkBudget);
            worldWritablePaths = worldWritablePaths == null ? List.of(Path.of("/etc"), Path.of("/usr/local/bin"))
                    : absolute("ops.audit.worldWritablePaths", worldWritablePaths);
        }
    }

    /**
     * {@code ops.health:} — Clawdbot's own health (daily tier).
     *
     * @param backupMarker    a file the backup job touches when it succeeds; its age is the last backup's (default none: not checked)
     * @param maxBackupAge    an older marker is a warning (default 26 h: a daily backup with slack)
     * @param maxQueueDepth   more outbox items waiting in one queue is a warning (default 100)
     * @param maxErrorsPerDay more events of level 10+ in 24 h is a warning (default 20)
     */
    public record HealthConfig(Path backupMarker, Duration maxBackupAge, Integer maxQueueDepth, Integer maxErrorsPerDay) {
        public HealthConfig {
            if (backupMarker != null && !backupMarker.isAbsolute()) {
                throw new IllegalArgumentException("ops.health.backupMarker: " + backupMarker + " is not an absolute path");
            }
            maxBackupAge = maxBackupAge == null ? Duration.ofHours(26) : maxBackupAge;
            maxQueueDepth = maxQueueDepth == null ? 100 : maxQueueDepth;
            maxErrorsPerDay = maxErrorsPerDay == null ? 20 : maxErrorsPerDay;
            if (maxBackupAge.toMinutes() < 1 || maxQueueDepth < 0 || maxErrorsPerDay < 0) {
                throw new IllegalArgumentException("ops.health: maxBackupAge must be at least 1 min and the counts not negative");
            }
        }
    }

    /**
     * {@code ops.adminReview:} — after a run of each listed tier, the admin agent ({@code broker.admin}, timer
     * profile: read-only tools) reads the report and proposes fixes, each filed as a broker request. Default none:
     * each review is model calls. Needs a {@code broker:} section.
     *
     * @param tiers {@code daily}, {@code weekly} and/or {@code monthly}
     */
    public record AdminReviewConfig(List<String> tiers) {
        public AdminReviewConfig {
            tiers = tiers == null ? List.of() : List.copyOf(tiers);
            for (String t : tiers) {
                if (!Set.of("daily", "weekly", "monthly").contains(t)) {
                    throw new IllegalArgumentException("ops.adminReview.tiers: " + t + " is not a tier; use daily, weekly or monthly");
                }
            }
        }
    }

    private static List<Path> absolute(String key, List<Path> dirs) {
        if (dirs == null) return List.of();
        for (Path p : dirs) {
            if (p == null || !p.isAbsolute()) throw new IllegalArgumentException(key + ": " + p + " is not an absolute path");
        }
        return List.copyOf(dirs);
    }

    /**
     * {@code ops.jobs.NAME:} — systemd timer options.
     *
     * @param schedule        a systemd calendar event; check it with {@code clawdbot ops calendar}
     * @param persistent      a run missed while Clawdbot was down fires once at start (default true)
     * @param randomizedDelay a random delay below this before each run (default none)
     * @param timeout         a run still going after this is interrupted (default 30 min)
     * @param enabled         false turns the job off
     */
    public record JobConfig(String schedule, Boolean persistent, Duration randomizedDelay, Duration timeout, Boolean enabled) {
        public JobConfig {
            persistent = persistent == null || persistent;
            randomizedDelay = randomizedDelay == null ? Duration.ZERO : randomizedDelay;
            timeout = timeout == null ? Duration.ofMinutes(30) : timeout;
            enabled = enabled == null || enabled;
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
