package dev.clawdbot.ops.checks;

import java.io.IOException;
import java.nio.file.FileStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Disk usage per mounted filesystem, from {@link FileStore} (statvfs; no host command): a warning at
 * {@code warnPercent} used, critical at {@code criticalPercent}. Usage counts the blocks reserved for root as
 * used, as {@code df} does. Pseudo filesystems (proc, sysfs, cgroup, ...) have no blocks and are skipped.
 */
public final class DiskCheck {
    static final String NAME = "disk";
    private static final Set<String> PSEUDO = Set.of("proc", "sysfs", "cgroup", "cgroup2", "devpts", "mqueue",
            "debugfs", "tracefs", "securityfs", "pstore", "bpf", "configfs", "fusectl", "hugetlbfs", "autofs",
            "binfmt_misc", "nsfs", "rpc_pipefs", "efivarfs", "selinuxfs");

    private final int warnPercent;
    private final int criticalPercent;

    public DiskCheck(int warnPercent, int criticalPercent) {
        if (warnPercent < 1 || warnPercent > 100 || criticalPercent < warnPercent || criticalPercent > 100) {
            throw new IllegalArgumentException("disk thresholds must satisfy 1 <= warn <= critical <= 100, were "
                    + warnPercent + " and " + criticalPercent);
        }
        this.warnPercent = warnPercent;
        this.criticalPercent = criticalPercent;
    }

    /** Usage of one filesystem; {@code percent} rounded up, as df rounds. */
    public record Usage(String mount, String type, long totalBytes, long availableBytes, int percent) {
    }

    /** Usage of every real filesystem in {@code stores}; ones that cannot be read are reported as INFO findings. */
    public List<Finding> check(Iterable<FileStore> stores, List<Usage> out) {
        List<Finding> findings = new ArrayList<>();
        for (FileStore store : stores) {
            if (PSEUDO.contains(store.type())) continue;
            Usage u;
            try {
                long total = store.getTotalSpace();
                if (total <= 0) continue;
                long available = store.getUsableSpace();
                long used = total - store.getUnallocatedSpace();
                // df: used / (used + available), the root-reserved blocks counting as neither.
                long denominator = used + available;
                int percent = denominator <= 0 ? 0 : (int) Math.ceilDiv(used * 100, denominator);
                u = new Usage(store.toString(), store.type(), total, available, percent);
            } catch (IOException e) {
                findings.add(new Finding(Finding.Severity.INFO, NAME, store.toString(), "cannot read usage: " + e.getMessage(), ""));
                continue;
            }
            out.add(u);
            Finding f = judge(u);
            if (f != null) findings.add(f);
        }
        return findings;
    }

    /** The finding for one filesystem's usage (a managed host's too), or null when it is below the thresholds. */
    public Finding judge(Usage u) {
        Finding.Severity severity = u.percent() >= criticalPercent ? Finding.Severity.CRITICAL
                : u.percent() >= warnPercent ? Finding.Severity.WARNING : null;
        if (severity == null) return null;
        return new Finding(severity, NAME, u.mount(), u.percent() + "% used, " + u.availableBytes() / (1024 * 1024) + " MiB free",
                "find what grew: du -xh --max-depth=2 on the mount point; rotate or delete old logs and images");
    }
}
