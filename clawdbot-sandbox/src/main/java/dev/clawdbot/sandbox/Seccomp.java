package dev.clawdbot.sandbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A classic-BPF seccomp filter handed to bubblewrap ({@code --seccomp FD}). It denies with EPERM the system calls
 * a sandboxed program has no business making and that widen the kernel attack surface or reach outside state:
 * keyrings, bpf, userfaultfd, perf, io_uring, ptrace and cross-process memory access, module and kexec loading,
 * the mount API, handle-based opens, setns, TIOCSTI/TIOCLINUX ioctls, and AF_VSOCK sockets (vsock is not
 * namespaced: --unshare-net leaves a VM guest's sandbox able to reach the hypervisor host; EPERM, as Docker's and
 * Podman's default profiles answer). Foreign ABIs (x32, i386 on x86_64)
 * get ENOSYS. Only x86_64 and aarch64 are known; elsewhere no filter is installed and diagnostics say so.
 */
final class Seccomp {
    private static final int AUDIT_ARCH_X86_64 = 0xC000003E;
    private static final int AUDIT_ARCH_AARCH64 = 0xC00000B7;
    private static final int RET_ALLOW = 0x7fff0000;
    private static final int RET_ERRNO = 0x00050000;
    private static final int EPERM = 1;
    private static final int ENOSYS = 38;
    private static final int TIOCSTI = 0x5412;
    private static final int TIOCLINUX = 0x541C;
    private static final int AF_VSOCK = 40;
    private static final int X86_64_SOCKET = 41;
    private static final int AARCH64_SOCKET = 198;

    static final int[] X86_64_DENY = {250, 248, 249, 321, 323, 298, 425, 426, 427, 101, 310, 311, 246, 320, 175,
            313, 176, 304, 303, 308, 165, 166, 155, 167, 168, 169, 103, 163, 430, 431, 432, 433, 428, 429, 442, 179, 212,
            172, 173, 153};
    private static final int X86_64_IOCTL = 16;
    private static final int[] AARCH64_DENY = {219, 217, 218, 280, 282, 241, 425, 426, 427, 117, 270, 271, 104, 294, 105,
            273, 106, 265, 264, 268, 40, 39, 41, 224, 225, 142, 116, 89, 430, 431, 432, 433, 428, 429, 442, 60, 18, 58};
    private static final int AARCH64_IOCTL = 29;

    private Seccomp() {
    }

    /** The filter for this JVM's architecture, or null if the architecture is not known. */
    static byte[] program(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> assemble(AUDIT_ARCH_X86_64, X86_64_DENY, X86_64_IOCTL, X86_64_SOCKET, true);
            case "aarch64" -> assemble(AUDIT_ARCH_AARCH64, AARCH64_DENY, AARCH64_IOCTL, AARCH64_SOCKET, false);
            default -> null;
        };
    }

    /** Writes the filter into {@code dir} (atomically) and returns its path, or null without a known architecture. */
    static Path install(Path dir) throws IOException {
        byte[] prog = program(System.getProperty("os.arch"));
        if (prog == null) return null;
        Files.createDirectories(dir);
        Path target = dir.resolve("seccomp.bpf");
        Path tmp = Files.createTempFile(dir, "seccomp", ".tmp");
        Files.write(tmp, prog);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private record Insn(int code, int jt, int jf, int k) {
    }

    private static byte[] assemble(int arch, int[] deny, int ioctl, int socket, boolean x32) {
        List<Insn> p = new ArrayList<>();
        final int errnoLabel = -1;
        final int enosysLabel = -2;
        p.add(new Insn(0x20, 0, 0, 4));                      // ld arch
        p.add(new Insn(0x15, 1, 0, arch));                   // jeq arch, skip
        p.add(new Insn(0x06, 0, 0, RET_ERRNO | ENOSYS));     // foreign ABI
        p.add(new Insn(0x20, 0, 0, 0));                      // ld nr
        if (x32) p.add(new Insn(0x35, enosysLabel, 0, 0x40000000)); // jge x32 bit
        for (int nr : deny) p.add(new Insn(0x15, errnoLabel, 0, nr));
        p.add(new Insn(0x15, 0, 3, socket));                 // socket: check its family
        p.add(new Insn(0x20, 0, 0, 16));                     // ld args[0] (low 32 bits)
        p.add(new Insn(0x15, errnoLabel, 0, AF_VSOCK));
        p.add(new Insn(0x06, 0, 0, RET_ALLOW));
        p.add(new Insn(0x15, 1, 0, ioctl));                  // ioctl: check its request
        p.add(new Insn(0x06, 0, 0, RET_ALLOW));
        p.add(new Insn(0x20, 0, 0, 24));                     // ld args[1] (low 32 bits)
        p.add(new Insn(0x15, errnoLabel, 0, TIOCSTI));
        p.add(new Insn(0x15, errnoLabel, 0, TIOCLINUX));
        p.add(new Insn(0x06, 0, 0, RET_ALLOW));
        int errnoAt = p.size();
        p.add(new Insn(0x06, 0, 0, RET_ERRNO | EPERM));
        int enosysAt = p.size();
        p.add(new Insn(0x06, 0, 0, RET_ERRNO | ENOSYS));
        ByteBuffer b = ByteBuffer.allocate(p.size() * 8).order(ByteOrder.nativeOrder());
        for (int i = 0; i < p.size(); i++) {
            Insn in = p.get(i);
            int jt = in.jt() == errnoLabel ? errnoAt - i - 1 : in.jt() == enosysLabel ? enosysAt - i - 1 : in.jt();
            if (jt > 255) throw new IllegalStateException("seccomp jump too far");
            b.putShort((short) in.code()).put((byte) jt).put((byte) in.jf()).putInt(in.k());
        }
        return b.array();
    }
}
