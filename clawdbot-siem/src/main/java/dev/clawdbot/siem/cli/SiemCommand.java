package dev.clawdbot.siem.cli;

import dev.clawdbot.core.Opened;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.siem.AlertStore;
import dev.clawdbot.siem.response.ActiveResponse;
import dev.clawdbot.siem.response.BlockStore;
import dev.clawdbot.siem.response.ResponseConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.InputStream;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code clawdbot siem}: the parent of {@code test}, {@code alerts}, {@code blocks} and {@code digest}. Register with
 * {@code new CommandLine(new SiemCommand(...))}; the store is opened only by {@code alerts}, {@code blocks} and
 * {@code digest}, each closing it (database pool included) when it ends.
 */
@Command(name = "siem", description = "Security monitoring: test log lines against the rules, list stored alerts and active blocks.",
        mixinStandardHelpOptions = true, subcommands = {SiemTestCommand.class, SiemAlertsCommand.class, SiemBlocksCommand.class,
        SiemDigestCommand.class})
public final class SiemCommand implements Runnable {

    private final Clock clock;
    private final InputStream stdin;
    private final Supplier<Opened<AlertStore>> store;
    private final Supplier<Opened<ActiveResponse>> response;

    /** {@code blocks unblock} runs {@code nft} from PATH; its event goes nowhere but the stored response row. */
    public SiemCommand(Clock clock, InputStream stdin, Supplier<Opened<AlertStore>> store) {
        this(clock, stdin, store, () -> {
            Opened<AlertStore> s = store.get();
            return Opened.of(new ActiveResponse(ResponseConfig.defaults(), new BlockStore(s.get().database()), EventSink.NONE, clock), s);
        });
    }

    /** {@code response} opens what {@code blocks unblock} needs, closed when it ends. */
    public SiemCommand(Clock clock, InputStream stdin, Supplier<Opened<AlertStore>> store, Supplier<Opened<ActiveResponse>> response) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stdin = Objects.requireNonNull(stdin, "stdin");
        this.store = Objects.requireNonNull(store, "store");
        this.response = Objects.requireNonNull(response, "response");
    }

    Opened<ActiveResponse> response() {
        return response.get();
    }

    Opened<AlertStore> store() {
        return store.get();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a subcommand: test, alerts, blocks or digest");
    }

    Clock clock() {
        return clock;
    }

    InputStream stdin() {
        return stdin;
    }
}
