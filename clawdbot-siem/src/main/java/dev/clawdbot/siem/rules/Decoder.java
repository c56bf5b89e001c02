package dev.clawdbot.siem.rules;

import java.util.List;

/**
 * One {@code <decoder>}: how a log line is recognised ({@code program_name}, {@code prematch}) and which
 * fields its {@code regex} captures into the names of {@code order}. {@code json} is Wazuh's
 * {@code <plugin_decoder>JSON_Decoder</plugin_decoder>}.
 */
record Decoder(String name, String parent, String type, TextPattern programName, TextPattern prematch, Offset prematchOffset,
               TextPattern regex, Offset regexOffset, List<String> order, boolean useOwnName, boolean json, Source source) {

    /** Where in the message a pattern starts looking ({@code offset} attribute). */
    enum Offset {
        NONE, AFTER_PARENT, AFTER_PREMATCH, AFTER_REGEX;

        static Offset parse(String s) {
            if (s == null) return NONE;
            return switch (s) {
                case "after_parent" -> AFTER_PARENT;
                case "after_prematch" -> AFTER_PREMATCH;
                case "after_regex" -> AFTER_REGEX;
                default -> throw new IllegalArgumentException("offset=\"" + s + "\" is not supported (after_parent, after_prematch, after_regex)");
            };
        }
    }

    /** The file and line a decoder or rule came from. */
    record Source(String file, int line) {
        @Override
        public String toString() {
            return file + ":" + line;
        }
    }
}
