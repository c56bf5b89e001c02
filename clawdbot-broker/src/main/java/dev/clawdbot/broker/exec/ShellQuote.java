package dev.clawdbot.broker.exec;

import java.util.List;

/**
 * The fleet SSH layer's quoting ({@link dev.clawdbot.fleet.ssh.ShellQuote}), kept under this name for the executors.
 * Quotes an argv for a POSIX shell ({@code sh -c}, which is how sshd runs a command through the login shell).
 * Every argument goes inside single quotes, where nothing is special except the single quote itself, which is
 * closed, escaped and reopened ({@code '\''}). So {@code $()}, backticks, {@code ;}, globs, newlines and
 * backslashes reach the program as literal bytes. NUL cannot be passed through any argv and is refused.
 */
final class ShellQuote {

    private ShellQuote() {
    }

    static String quote(String arg) {
        return dev.clawdbot.fleet.ssh.ShellQuote.quote(arg);
    }

    static String join(List<String> argv) {
        return dev.clawdbot.fleet.ssh.ShellQuote.join(argv);
    }
}
