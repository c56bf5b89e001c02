package dev.clawdbot.sandbox;

import java.nio.file.Path;
import java.util.Objects;

/** The closed set of ways a command can be isolated. */
public sealed interface SandboxBackend permits SandboxBackend.Bubblewrap, SandboxBackend.Container, SandboxBackend.None {

    String name();

    /** Linux namespaces via bubblewrap: a user namespace (non-root uid), PID, network, IPC, UTS and cgroup namespaces. */
    record Bubblewrap(Path executable) implements SandboxBackend {
        public Bubblewrap {
            Objects.requireNonNull(executable, "executable");
        }

        @Override
        public String name() {
            return "bubblewrap";
        }
    }

    /** A Docker or Podman engine driven through its CLI; {@code engine} is {@code docker} or {@code podman}. */
    record Container(String engine, Path executable, String image) implements SandboxBackend {
        public Container {
            if (!"docker".equals(engine) && !"podman".equals(engine))
                throw new IllegalArgumentException("engine must be docker or podman, was " + engine);
            Objects.requireNonNull(executable, "executable");
            Objects.requireNonNull(image, "image");
        }

        @Override
        public String name() {
            return engine;
        }
    }

    /** No isolation available. Commands are refused unless {@code allowUnsandboxed} was configured explicitly. */
    record None(boolean allowUnsandboxed) implements SandboxBackend {
        @Override
        public String name() {
            return allowUnsandboxed ? "none (UNSANDBOXED)" : "none";
        }
    }
}
