package dev.clawdbot.sandbox;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerSeccompTest {
    @Test
    void deniesEveryCallTheBubblewrapFilterDenies() {
        assertThat(ContainerSeccomp.denied()).hasSize(Seccomp.X86_64_DENY.length).doesNotHaveDuplicates()
                .contains("keyctl", "bpf", "io_uring_setup", "ptrace", "setns", "mount", "open_by_handle_at", "process_vm_writev");
        assertThat(ContainerSeccomp.profile()).contains("\"names\":[\"" + String.join("\",\"", ContainerSeccomp.denied()) + "\"]");
    }

    @Test
    void refusesNewUserNamespacesVsockAndTerminalInjection() {
        String p = ContainerSeccomp.profile();
        assertThat(p).startsWith("{\"defaultAction\":\"SCMP_ACT_ALLOW\"")
                .contains("{\"names\":[\"unshare\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1,\"args\":[{\"index\":0,\"value\":268435456,\"valueTwo\":268435456,\"op\":\"SCMP_CMP_MASKED_EQ\"}]}")
                .contains("{\"names\":[\"clone\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1,\"args\":[{\"index\":0,\"value\":268435456,\"valueTwo\":268435456,")
                .contains("{\"names\":[\"clone3\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":38}")
                .contains("{\"names\":[\"socket\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1,\"args\":[{\"index\":0,\"value\":4294967295,\"valueTwo\":40,")
                .contains("\"valueTwo\":21522,").contains("\"valueTwo\":21532,");
    }

    @Test
    void installsIntoTheRuntimeDir() throws Exception {
        Path dir = Files.createTempDirectory("cs");
        Path p = ContainerSeccomp.install(dir);
        assertThat(p).isEqualTo(dir.resolve("seccomp-container.json"));
        assertThat(Files.readString(p)).isEqualTo(ContainerSeccomp.profile());
    }
}
