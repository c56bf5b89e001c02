package dev.clawdbot.fleet.remote;

import java.util.List;

/**
 * One read-only remote operation: a fixed argv chosen here, never a shell string from a model. The only argument
 * is {@code lines} for the journal, bounded to 1..500.
 *
 * @param kind  what to look at
 * @param lines the journal's entry count (other kinds ignore it)
 */
public record ReadOnlyOp(Kind kind, int lines) {
    /** The operations. */
    public enum Kind {
        /** Disk usage per mount: {@code df -P}. */
        DISK,
        /** Inode usage per mount: {@code df -Pi}. */
        INODES,
        /** Load averages: {@code cat /proc/loadavg}. */
        LOAD,
        /** Memory and swap: {@code cat /proc/meminfo}. */
        MEMORY,
        /** Failed systemd units: {@code systemctl --failed --no-legend --plain}. */
        FAILED_UNITS,
        /** Containers with state and health: {@code docker ps --all --format ...}. */
        CONTAINERS,
        /** Container CPU and memory: {@code docker stats --no-stream --format ...}. */
        CONTAINER_STATS,
        /** Recent errors of the journal: {@code journalctl -p err -n N -o json --no-pager}. */
        JOURNAL_ERRORS,
        /** GPU memory, utilisation, temperature: {@code nvidia-smi --query-gpu=... --format=csv,noheader,nounits}. */
        GPU,
        /** Listening TCP ports: {@code ss -Hltn}. */
        PORTS,
        /** Pending package updates, simulated: {@code apt-get -s upgrade}. */
        UPDATES,
        /** Images no tag points at: {@code docker images --filter dangling=true --format '{{.ID}} {{.Size}}'}. */
        DANGLING_IMAGES,
        /** Volumes no container uses: {@code docker volume ls --filter dangling=true -q}. */
        DANGLING_VOLUMES,
        /** Every image with its build time: {@code docker images --format '{{.Repository}}:{{.Tag}} {{.CreatedAt}}'}. */
        IMAGES,
        /** sshd's effective settings, as the SSH user (no sudo, as the local check): {@code /usr/sbin/sshd -T}. */
        SSHD,
        /** The accounts: {@code getent passwd}. */
        ACCOUNTS
    }

    /** The journal's default entry count. */
    public static final int DEFAULT_LINES = 50;
    static final String GPU_FIELDS = "index,name,memory.used,memory.total,utilization.gpu,temperature.gpu";

    public ReadOnlyOp {
        if (kind == null) throw new IllegalArgumentException("kind: required");
        if (lines < 1 || lines > 500) throw new IllegalArgumentException("lines: must be 1..500, was " + lines);
    }

    public static ReadOnlyOp of(Kind kind) {
        return new ReadOnlyOp(kind, DEFAULT_LINES);
    }

    /** The probe set {@code hosts check} runs. */
    public static List<ReadOnlyOp> all() {
        return java.util.Arrays.stream(Kind.values()).map(ReadOnlyOp::of).toList();
    }

    /** The exact argv run on the host. */
    public List<String> argv() {
        return switch (kind) {
            case DISK -> List.of("df", "-P");
            case INODES -> List.of("df", "-Pi");
            case LOAD -> List.of("cat", "/proc/loadavg");
            case MEMORY -> List.of("cat", "/proc/meminfo");
            case FAILED_UNITS -> List.of("systemctl", "--failed", "--no-legend", "--plain", "--no-pager");
            case CONTAINERS -> List.of("docker", "ps", "--all", "--no-trunc", "--format", "{{.Names}}\t{{.State}}\t{{.Status}}\t{{.Image}}");
            case CONTAINER_STATS -> List.of("docker", "stats", "--no-stream", "--format", "{{.Name}}\t{{.CPUPerc}}\t{{.MemPerc}}\t{{.MemUsage}}");
            case JOURNAL_ERRORS -> List.of("journalctl", "-p", "err", "-n", Integer.toString(lines), "-o", "json", "--no-pager");
            case GPU -> List.of("nvidia-smi", "--query-gpu=" + GPU_FIELDS, "--format=csv,noheader,nounits");
            case PORTS -> List.of("ss", "-Hltn");
            case UPDATES -> List.of("apt-get", "-s", "-o", "Debug::NoLocking=1", "upgrade");
            case DANGLING_IMAGES -> List.of("docker", "images", "--filter", "dangling=true", "--format", "{{.ID}} {{.Size}}");
            case DANGLING_VOLUMES -> List.of("docker", "volume", "ls", "--filter", "dangling=true", "-q");
            case IMAGES -> List.of("docker", "images", "--format", "{{.Repository}}:{{.Tag}} {{.CreatedAt}}");
            case SSHD -> List.of("/usr/sbin/sshd", "-T");
            case ACCOUNTS -> List.of("getent", "passwd");
        };
    }

    /** The kind a label names ({@code failed-units}, {@code gpu}, ...). */
    public static Kind kindOf(String label) {
        for (Kind k : Kind.values()) if (of(k).label().equals(label)) return k;
        throw new IllegalArgumentException("no probe named " + label + "; the probes are "
                + String.join(", ", all().stream().map(ReadOnlyOp::label).toList()));
    }

    /** The name used in tables and tool calls: {@code disk}, {@code failed-units}, ... */
    public String label() {
        return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
