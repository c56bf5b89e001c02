package dev.clawdbot.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the last {@code clawdbot serve} of this user kept its data and config, so that CLI commands run without
 * {@code --data}/{@code --config} use the same ones instead of a fresh {@code ./data}. Kept in
 * {@code $XDG_STATE_HOME/clawdbot/server} (default {@code ~/.local/state/clawdbot/server}); best effort both ways.
 */
record ServerPointer(Path dataDir, Optional<Path> configFile) {

    static Optional<Path> file(Map<String, String> env) {
        String state = env.get("XDG_STATE_HOME");
        if (state != null && !state.isBlank()) return Optional.of(Path.of(state, "clawdbot", "server"));
        String home = env.get("HOME");
        if (home == null || home.isBlank()) return Optional.empty();
        return Optional.of(Path.of(home, ".local", "state", "clawdbot", "server"));
    }

    /** Records the running server's directories; a failure to write only loses the convenience. */
    static void write(Map<String, String> env, Path dataDir, Optional<Path> configFile) {
        file(env).ifPresent(f -> {
            Properties p = new Properties();
            p.setProperty("data", dataDir.toAbsolutePath().normalize().toString());
            configFile.ifPresent(c -> p.setProperty("config", c.toAbsolutePath().normalize().toString()));
            try {
                Files.createDirectories(f.getParent());
                try (var w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
                    p.store(w, "written by clawdbot serve; read by the other clawdbot commands");
                }
            } catch (IOException | RuntimeException e) {
                // Not fatal: commands then say which data directory they use.
            }
        });
    }

    /** The pointer, when there is one whose data directory still exists. */
    static Optional<ServerPointer> read(Map<String, String> env) {
        Optional<Path> f = file(env);
        if (f.isEmpty() || !Files.isRegularFile(f.get())) return Optional.empty();
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(f.get(), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        String data = p.getProperty("data");
        if (data == null || !Files.isDirectory(Path.of(data))) return Optional.empty();
        String config = p.getProperty("config");
        Optional<Path> cfg = config == null ? Optional.empty() : Optional.of(Path.of(config)).filter(Files::isRegularFile);
        return Optional.of(new ServerPointer(Path.of(data), cfg));
    }
}
