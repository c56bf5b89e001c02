package dev.clawdbot.guard.cli;

import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.guard.GuardConfig;
import picocli.CommandLine;

import java.time.Clock;

/** Runs {@code clawdbot guard ...} from the test classpath, for retraining the shipped model during development. */
public final class GuardMain {
    public static void main(String[] args) {
        System.exit(new CommandLine(new GuardCommand(GuardConfig::defaults, EventSink.NONE, Clock.systemUTC(), System.in)).execute(args));
    }
}
