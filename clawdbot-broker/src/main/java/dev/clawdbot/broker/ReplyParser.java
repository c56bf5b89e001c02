package dev.clawdbot.broker;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import com.google.re2j.Pattern;

/**
 * The deterministic reading of an operator reply, in English and Dutch. It never guesses: a reply that
 * says both yes and no, neither, or qualifies its yes ("but", "only", "maar", "alleen") is ambiguous.
 */
final class ReplyParser {

    private static final Set<String> YES = Set.of("yes", "y", "yep", "yeah", "approve", "approved", "ok", "okay", "sure", "lgtm",
            "ja", "jawel", "akkoord", "goedgekeurd", "prima", "oke", "oké", "goed", "go", "accept", "accepted", "confirm", "confirmed");
    private static final List<String> YES_PHRASES = List.of("go ahead", "do it", "ga je gang", "doe maar", "ga door", "is goed", "mag doorgaan");
    private static final Set<String> NO = Set.of("no", "n", "nope", "deny", "denied", "reject", "rejected", "refuse", "not", "don't", "dont",
            "never", "stop", "nee", "niet", "afgewezen", "weiger", "geweigerd", "nooit", "afwijzen", "cancel");
    private static final Set<String> QUALIFIERS = Set.of("but", "only", "except", "instead", "unless", "maar", "alleen", "behalve",
            "tenzij", "pas", "eerst", "first", "after", "na");
    private static final Set<String> QUESTION_STARTS = Set.of("why", "what", "how", "which", "when", "who", "where", "can", "could",
            "would", "is", "are", "does", "do", "waarom", "wat", "hoe", "welke", "wanneer", "wie", "waar", "kun", "kan", "kunnen", "moet");
    private static final Pattern SPACES = Pattern.compile("[ \\t\\n\\x0B\\f\\r]+");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}'’ ]+");

    static final String FOLLOW_UP = "I could not tell whether you approve this request. Please reply with \"yes\" to approve exactly "
            + "the actions listed, \"no\" to deny, or describe the exact change you want (it will need its own approval).";

    private ReplyParser() {
    }

    static ReplyIntent parse(String reply) {
        String text = reply == null ? "" : Normalizer.normalize(reply.strip(), Normalizer.Form.NFC);
        if (text.isEmpty()) return new ReplyIntent.Ambiguous(FOLLOW_UP);
        String lower = text.toLowerCase(Locale.ROOT).replace('’', '\'');
        String words = SPACES.matcher(NON_WORD.matcher(lower).replaceAll(" ").strip()).replaceAll(" ");
        List<String> tokens = List.of(words.split(" "));
        boolean question = lower.contains("?") || (!tokens.isEmpty() && QUESTION_STARTS.contains(tokens.getFirst()) && !YES.contains(tokens.getFirst()));
        boolean yes = tokens.stream().anyMatch(YES::contains) || YES_PHRASES.stream().anyMatch(p -> (" " + words + " ").contains(" " + p + " "));
        boolean no = tokens.stream().anyMatch(NO::contains);
        String unphrased = " " + words + " ";
        for (String p : YES_PHRASES) unphrased = unphrased.replace(" " + p + " ", " ");
        // "doe maar" is a plain yes; only a qualifier outside the yes phrases makes it conditional.
        boolean qualified = List.of(unphrased.strip().split(" ")).stream().anyMatch(QUALIFIERS::contains);
        if (question && !yes && !no) return new ReplyIntent.Question(text.length() > 2000 ? text.substring(0, 2000) : text);
        if (question) return new ReplyIntent.Ambiguous(FOLLOW_UP);
        if (yes && no) return new ReplyIntent.Ambiguous(FOLLOW_UP);
        if (yes && qualified) return new ReplyIntent.Ambiguous(FOLLOW_UP);
        if (yes) return new ReplyIntent.Approve();
        if (no) return new ReplyIntent.Deny(text.length() > 500 ? text.substring(0, 500) : text);
        return new ReplyIntent.Ambiguous(FOLLOW_UP);
    }
}
