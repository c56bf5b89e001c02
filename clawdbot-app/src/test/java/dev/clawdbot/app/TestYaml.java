package dev.clawdbot.app;

import java.nio.file.Path;

/** Config sections that several app tests write the same way; each ends with a newline, so sections concatenate. */
final class TestYaml {
    private TestYaml() {
    }

    /** A broker spooling to {@code spool} whose bridge accepts notes signed with the link secret {@code secret}. */
    static String brokerWithBridge(Path spool, String secret, Path bridgeSpool) {
        return """
                broker:
                  spoolDir: %s
                  linkSecret: %s
                  bridge:
                    secrets: [%s]
                    spoolDir: %s
                """.formatted(spool, secret, secret, bridgeSpool);
    }
}
