package dev.clawdbot.app;

import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

/** The subcommands and doctor checks that feature modules contribute. */
final class ModuleCommands {
    private ModuleCommands() {
    }

    static void register(CommandLine root, Main main) {
    }

    static List<DoctorCommand.Finding> doctorFindings(Settings settings) {
        return new ArrayList<>();
    }
}
