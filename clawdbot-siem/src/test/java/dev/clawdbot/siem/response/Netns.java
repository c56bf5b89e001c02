package dev.clawdbot.siem.response;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** A network namespace a test creates and always deletes ({@link #close()}), with commands run inside it. */
public final class Netns implements AutoCloseable {

    private static final ProcessRunner RUN = new ProcessRunner(Duration.ofSeconds(30));

    private final String name;

    private Netns(String name) {
        this.name = name;
    }

    /** Skips the calling test, saying why, unless this is root with ip and nft and namespaces work. */
    public static Netns create(String prefix) {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "active response netns tests need root (CI runs as root)");
        Assumptions.assumeTrue(onPath("ip") && onPath("nft"), "ip (iproute2) or nft (nftables) is not installed");
        String name = prefix + "-" + ProcessHandle.current().pid() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20));
        ProcessRunner.Result r = RUN.run(List.of("ip", "netns", "add", name), null);
        Assumptions.assumeTrue(r.ok(), () -> "cannot create a network namespace: " + r.output());
        Netns ns = new Netns(name);
        ns.must("ip", "link", "set", "lo", "up");
        return ns;
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) return true;
        }
        return Files.isExecutable(Path.of("/usr/sbin", program));
    }

    /** The argv prefix that runs a program inside this namespace. */
    public List<String> prefix(String... program) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", name));
        argv.addAll(List.of(program));
        return argv;
    }

    public String name() {
        return name;
    }

    /** Runs {@code argv} inside; exit status and output together. */
    public record Run(int exit, String output) {
    }

    public Run exec(String... argv) {
        ProcessRunner.Result r = RUN.run(prefix(argv), null);
        return new Run(r.exit(), r.output());
    }

    public String must(String... argv) {
        Run r = exec(argv);
        if (r.exit() != 0) throw new IllegalStateException(String.join(" ", argv) + " in " + name + ": exit " + r.exit() + ": " + r.output());
        return r.output();
    }

    /** Runs a command in the root namespace, failing on a non-zero exit. */
    public static void host(String... argv) {
        ProcessRunner.Result r = RUN.run(List.of(argv), null);
        if (!r.ok()) throw new IllegalStateException(String.join(" ", argv) + ": exit " + r.exit() + ": " + r.output());
    }

    @Override
    public void close() {
        RUN.run(List.of("ip", "netns", "del", name), null);
    }
}
