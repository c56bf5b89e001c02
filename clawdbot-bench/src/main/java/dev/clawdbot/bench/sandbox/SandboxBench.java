package dev.clawdbot.bench.sandbox;

import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.sandbox.ExecRequest;
import dev.clawdbot.sandbox.ExecResult;
import dev.clawdbot.sandbox.Sandbox;
import dev.clawdbot.sandbox.SandboxBackend;
import dev.clawdbot.sandbox.SandboxConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Start-to-exit latency of {@code /bin/true} in the default bubblewrap sandbox (cgroup limits included), and the
 * time for 100 concurrent short commands. Run: {@code scripts/bench SandboxBench -f 1 -wi 2 -i 3}.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SandboxBench {
    private Sandbox sandbox;
    private Path workspace;
    private ExecutorService pool;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path root = Files.createTempDirectory("sandbox-bench");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
        workspace = Files.createDirectories(root.resolve("ws"));
        sandbox = new Sandbox(SandboxConfig.defaults().withBackend("bubblewrap").withRuntimeDir(root.resolve("run")), EventSink.NONE, Clock.systemUTC());
        if (!(sandbox.backend() instanceof SandboxBackend.Bubblewrap))
            throw new IllegalStateException("bubblewrap unavailable: " + sandbox.diagnostics());
        pool = Executors.newVirtualThreadPerTaskExecutor();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
        sandbox.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public int trueLatency() throws Exception {
        ExecResult r = sandbox.exec(ExecRequest.of(workspace, "/bin/true"));
        if (r.exitCode() != 0) throw new IllegalStateException(r.stderr());
        return r.exitCode();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public int hundredConcurrent() throws Exception {
        List<Future<ExecResult>> fs = new ArrayList<>(100);
        for (int i = 0; i < 100; i++) fs.add(pool.submit(() -> sandbox.exec(ExecRequest.of(workspace, "/bin/echo", "x"))));
        int sum = 0;
        for (Future<ExecResult> f : fs) {
            ExecResult r = f.get();
            if (r.exitCode() != 0) throw new IllegalStateException(r.stderr());
            sum += r.stdout().length();
        }
        return sum;
    }
}
