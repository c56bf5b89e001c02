package dev.clawdbot.fleet.ssh;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Quotes an argv for a POSIX shell ({@code sh -c}, which is how sshd runs a command through the login shell).
 * Every argument goes inside single quotes, where nothing is special except the single quote itself, which is
 * closed, escaped and reopened ({@code '\''}). So {@code $()}, backticks, {@code ;}, globs, newlines and
 * backslashes reach the program as literal bytes. NUL cannot be passed through any argv and is refused.
 */
public final class ShellQuote {

    private ShellQuote() {
    }

    public static String quote(String arg) {
        if (arg.indexOf('\0') >= 0) throw new IllegalArgumentException("an argument contains a NUL byte, which no command line can carry");
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    public static String join(List<String> argv) {
        if (argv.isEmpty()) throw new IllegalArgumentException("empty argv");
        return argv.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
    }
}
