package dev.clawdbot.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code clawdbot serve}: runs the roles until interrupted (SIGINT/SIGTERM close them cleanly, in reverse start order). */
@Command(name = "serve", description = "Run the gateway: HTTP API, web chat, agents and the channels configured.")
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /**
     * For the launchers' class-cache training run: once ready, ask the server's own probes and the web page
     * (so request handling is part of what the JVM records), then stop cleanly with exit code 0.
     */
    @Option(names = "--exit-when-ready", hidden = true)
    boolean exitWhenReady;

    @Option(names = "--roles", split = ",", paramLabel = "ROLE[,ROLE...]",
            description = "Run only these roles (default: all of broker, bridge, telegram, gateway, siem, ops, monitor). Without gateway nothing listens on the HTTP port.")
    java.util.List<String> roles;

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
        java.util.Set<String> chosen = roles == null ? Server.ROLES : new java.util.LinkedHashSet<>(roles);
        if (!Server.ROLES.containsAll(chosen)) {
            java.util.Set<String> unknown = new java.util.LinkedHashSet<>(chosen);
            unknown.removeAll(Server.ROLES);
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--roles: unknown role " + String.join(", ", unknown)
                    + "; roles are " + String.join(", ", Server.ROLES));
        }
        Server server = new Server(settings, main.clock(), chosen).start();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long sinceJvm = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        if (!server.listens()) {
            out.println("Clawdbot " + Version.current() + " running roles " + String.join(", ", server.roles()) + " (started in " + ms
                    + " ms); data directory: " + settings.dataDir());
            out.flush();
            return awaitShutdown(server);
        }
        ServerPointer.write(main.env(), settings.dataDir(), settings.configFile());
        out.println("Clawdbot " + Version.current() + " ready on " + server.url() + " (started in " + ms
                + " ms, " + sinceJvm + " ms since JVM start)");
        out.println("Data directory: " + settings.dataDir() + settings.configFile().map(f -> "; config: " + f).orElse("; no config file, running on defaults"));
        if (server.token().generated()) {
            out.println("Generated a gateway token (printed once; kept in " + settings.dataDir().resolve(dev.clawdbot.core.DataDir.TOKEN_FILE) + "):");
            out.println("  " + server.token().token());
        }
        out.println("Web chat: " + server.url() + "/   Terminal chat: ./clawdbot chat");
        out.flush();
        if (exitWhenReady) {
            try {
                for (String path : new String[]{"/readyz", "/healthz", "/"}) fetch(server.url() + path);
            } finally {
                server.close();
            }
            return 0;
        }
        return awaitShutdown(server);
    }

    private static int awaitShutdown(Server server) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "clawdbot-shutdown"));
        stopped.await();
        return 0;
    }

    private static void fetch(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            try (InputStream in = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream()) {
                if (in != null) in.readAllBytes();
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("training request to " + url + " failed: " + e.getMessage(), e);
        }
    }
}
