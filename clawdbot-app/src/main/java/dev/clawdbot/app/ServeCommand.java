package dev.clawdbot.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code clawdbot serve}: runs the gateway role until interrupted (SIGINT/SIGTERM close it cleanly). */
@Command(name = "serve", description = "Run the gateway: HTTP API, web chat, agents and the channels configured.")
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final Main main;

    ServeCommand(Main main) {
        this.main = main;
    }

    @Override
    public Integer call() throws InterruptedException {
        long t0 = System.nanoTime();
        Settings settings = main.settings();
        PrintWriter out = spec.commandLine().getOut();
        settings.warnings().forEach(w -> spec.commandLine().getErr().println("clawdbot: warning: " + w));
        Server server = new Server(settings, main.clock()).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "clawdbot-shutdown"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long sinceJvm = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        out.println("Clawdbot " + Version.current() + " ready on " + server.url() + " (started in " + ms
                + " ms, " + sinceJvm + " ms since JVM start)");
        out.println("Data directory: " + settings.dataDir() + settings.configFile().map(f -> "; config: " + f).orElse("; no config file, running on defaults"));
        if (server.token().generated()) {
            out.println("Generated a gateway token (printed once; kept in " + settings.dataDir().resolve(dev.clawdbot.core.DataDir.TOKEN_FILE) + "):");
            out.println("  " + server.token().token());
        }
        out.println("Web chat: " + server.url() + "/   Terminal chat: ./clawdbot chat");
        out.flush();
        stopped.await();
        return 0;
    }
}
