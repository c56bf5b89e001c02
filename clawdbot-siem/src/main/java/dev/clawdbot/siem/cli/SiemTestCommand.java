package dev.clawdbot.siem.cli;

import dev.clawdbot.siem.SiemRole;
import dev.clawdbot.siem.rules.LoadProblem;
import dev.clawdbot.siem.rules.Logtest;
import dev.clawdbot.siem.rules.Ruleset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code clawdbot siem test [--rules DIR]... [--json]}: like {@code wazuh-logtest}, log lines on stdin, the
 * decoding and matching rule of each on stdout; an empty line starts a new session. Problems loading the
 * rules go to stderr (file:line: construct: why) before the first line is read.
 */
@Command(name = "test", description = "Read log lines on stdin and show the decoder, fields and rule of each (like wazuh-logtest)."
        + " An empty line starts a new session.", mixinStandardHelpOptions = true)
final class SiemTestCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    SiemCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--rules", paramLabel = "DIR",
            description = "Load the decoder and rule XML files in DIR (and its decoders/ and rules/) instead of the shipped ruleset; repeatable.")
    List<Path> rules = new ArrayList<>();

    @Option(names = "--json", description = "One JSON object per input line, shaped like a Wazuh alert.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Ruleset ruleset;
        try {
            ruleset = rules.isEmpty() ? Ruleset.shipped() : Ruleset.load(rules);
        } catch (IOException e) {
            err.println("siem test: " + e.getMessage());
            return 2;
        }
        for (LoadProblem p : ruleset.problems()) err.println("siem: " + p);
        err.println("siem: " + ruleset.decoderCount() + " decoders, " + ruleset.ruleCount() + " rules loaded"
                + (ruleset.problems().isEmpty() ? "" : ", " + ruleset.problems().size() + " problems"));
        err.flush();
        Logtest logtest = new Logtest(ruleset, parent.clock(), ZoneId.systemDefault(), json, SiemRole.localHostName());
        logtest.run(new InputStreamReader(parent.stdin(), StandardCharsets.UTF_8), out);
        return 0;
    }
}
