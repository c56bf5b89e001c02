package dev.clawdbot.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The OCI seccomp profile for the container backend ({@code --security-opt seccomp=FILE}). It denies what the
 * bubblewrap filter denies, named from {@link Seccomp#X86_64_DENY} so the two lists cannot drift (a number without
 * a name here fails {@link #profile()}), and adds what bubblewrap gets from its own user namespace: no new user
 * namespace ({@code unshare}/{@code clone} with {@code CLONE_NEWUSER}; {@code clone3}, whose flags seccomp cannot
 * read, answers ENOSYS so libc falls back to {@code clone}). Podman's default profile (containers-common 0.50)
 * allows user namespaces, which is why the engine's default is replaced; with {@code --cap-drop ALL} and
 * {@code no-new-privileges} the capability-gated calls that default also lists are refused by the kernel anyway.
 */
final class ContainerSeccomp {
    static final String FILE = "seccomp-container.json";
    private static final int EPERM = 1;
    private static final int ENOSYS = 38;
    private static final long CLONE_NEWUSER = 0x10000000L;
    private static final long LOW_32 = 0xffffffffL;
    private static final int AF_VSOCK = 40;
    private static final int TIOCSTI = 0x5412;
    private static final int TIOCLINUX = 0x541C;
    /** x86_64 numbers of {@link Seccomp#X86_64_DENY}; the profile names calls, libseccomp maps them per architecture. */
    private static final Map<Integer, String> X86_64_NAMES = Map.ofEntries(
            Map.entry(250, "keyctl"), Map.entry(248, "add_key"), Map.entry(249, "request_key"), Map.entry(321, "bpf"),
            Map.entry(323, "userfaultfd"), Map.entry(298, "perf_event_open"), Map.entry(425, "io_uring_setup"),
            Map.entry(426, "io_uring_enter"), Map.entry(427, "io_uring_register"), Map.entry(101, "ptrace"),
            Map.entry(310, "process_vm_readv"), Map.entry(311, "process_vm_writev"), Map.entry(246, "kexec_load"),
            Map.entry(320, "kexec_file_load"), Map.entry(175, "init_module"), Map.entry(313, "finit_module"),
            Map.entry(176, "delete_module"), Map.entry(304, "open_by_handle_at"), Map.entry(303, "name_to_handle_at"),
            Map.entry(308, "setns"), Map.entry(165, "mount"), Map.entry(166, "umount2"), Map.entry(155, "pivot_root"),
            Map.entry(167, "swapon"), Map.entry(168, "swapoff"), Map.entry(169, "reboot"), Map.entry(103, "syslog"),
            Map.entry(163, "acct"), Map.entry(430, "fsopen"), Map.entry(431, "fsconfig"), Map.entry(432, "fsmount"),
            Map.entry(433, "fspick"), Map.entry(428, "open_tree"), Map.entry(429, "move_mount"),
            Map.entry(442, "mount_setattr"), Map.entry(179, "quotactl"), Map.entry(212, "lookup_dcookie"),
            Map.entry(172, "iopl"), Map.entry(173, "ioperm"), Map.entry(153, "vhangup"));

    private ContainerSeccomp() {
    }

    /** The names of the calls denied outright, in {@link Seccomp#X86_64_DENY}'s order. */
    static List<String> denied() {
        List<String> names = new ArrayList<>();
        for (int nr : Seccomp.X86_64_DENY) {
            String name = X86_64_NAMES.get(nr);
            if (name == null) throw new IllegalStateException("no name for x86_64 system call " + nr + " of the bubblewrap filter");
            names.add(name);
        }
        return names;
    }

    static String profile() {
        List<String> rules = new ArrayList<>();
        rules.add(rule(denied(), EPERM, ""));
        rules.add(rule(List.of("clone3"), ENOSYS, ""));
        rules.add(rule(List.of("unshare"), EPERM, masked(0, CLONE_NEWUSER, CLONE_NEWUSER)));
        // clone's flags are argument 0 on x86_64 and aarch64 (argument 1 only on s390)
        rules.add(rule(List.of("clone"), EPERM, masked(0, CLONE_NEWUSER, CLONE_NEWUSER)));
        // the kernel reads the domain and the ioctl request as 32-bit ints: compare only the low half
        rules.add(rule(List.of("socket"), EPERM, masked(0, LOW_32, AF_VSOCK)));
        rules.add(rule(List.of("ioctl"), EPERM, masked(1, LOW_32, TIOCSTI)));
        rules.add(rule(List.of("ioctl"), EPERM, masked(1, LOW_32, TIOCLINUX)));
        return "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[\n" + String.join(",\n", rules) + "\n]}\n";
    }

    /** Writes the profile into {@code dir} (atomically) and returns its path. */
    static Path install(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(FILE);
        Path tmp = Files.createTempFile(dir, "seccomp", ".tmp");
        Files.writeString(tmp, profile(), StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private static String rule(List<String> names, int errno, String args) {
        return "{\"names\":[" + names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(","))
                + "],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":" + errno + args + "}";
    }

    private static String masked(int index, long mask, long value) {
        return ",\"args\":[{\"index\":" + index + ",\"value\":" + mask + ",\"valueTwo\":" + value + ",\"op\":\"SCMP_CMP_MASKED_EQ\"}]";
    }
}
