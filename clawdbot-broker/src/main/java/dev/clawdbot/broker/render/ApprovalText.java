package dev.clawdbot.broker.render;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import dev.clawdbot.broker.request.ProposedAction;
import dev.clawdbot.core.UntrustedText;
import dev.clawdbot.broker.request.RequestView;
import dev.clawdbot.broker.request.RequestCodec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What every approval surface shows for a request's actions, built once here: one clearly delimited block per
 * action, its one-line heading escaped by {@link UntrustedText}, and for content (a file write's content, a
 * mail's body) the SHA-256 of its UTF-8 bytes and the content itself: in full when short, else as a unified
 * diff against the current file when that can be read, else as the surface's attachment or expandable block.
 * Every line that came from the requester starts with {@link #QUOTE}, so none can pass for a heading.
 */
public final class ApprovalText {

    /** Content up to this many characters and lines is shown in full everywhere. */
    public static final int SHORT_CHARS = 1500;
    public static final int SHORT_LINES = 30;
    /** Beyond this many lines on either side no diff is computed (Myers is O(N·D)); the full content is offered. */
    static final int MAX_DIFF_LINES = 4000;
    public static final String QUOTE = "  | ";

    /** How a surface shows content that is too long to show in full. */
    public enum Long {
        /** Everything in full (the admin agent, {@code request show --full}). */
        FULL,
        /** The diff when there is one, else in full ({@code request show}). */
        DIFF_OR_FULL,
        /** The diff when there is one, and the exact content as an attachment named in the block (e-mail). */
        DIFF_AND_ATTACHMENT,
        /** The diff when there is one, else only its hash: such a block is not approvable there (Telegram). */
        DIFF_OR_OMIT
    }

    /** How a block shows its content. */
    public enum Shown { FULL, DIFF, LONG }

    /** A file write's content or a mail's body. {@code diff} is escaped unified-diff lines, or null. */
    public record Content(String label, String raw, String sha256, int bytes, List<String> lines, boolean finalNewline,
                          List<String> diff, Shown shown) {
        public String attachmentName(int index) {
            return "action-" + index + "-" + label + ".txt";
        }
    }

    /** One action: 1-based {@code index} of {@code total}, its escaped heading, and its content or null. */
    public record Block(int index, int total, String heading, Content content) {
        public String open() {
            return "[action " + index + " of " + total + "] " + heading;
        }

        public String close() {
            return "[end of action " + index + " of " + total + "]";
        }
    }

    private ApprovalText() {
    }

    public static List<Block> blocks(List<ProposedAction> actions, CurrentFiles files) {
        List<Block> out = new ArrayList<>(actions.size());
        for (int i = 0; i < actions.size(); i++) {
            ProposedAction a = actions.get(i);
            Content c = switch (a) {
                case ProposedAction.File f when f.content() != null -> content("content", f.content(), files.read(f.host(), f.path()), f.path());
                case ProposedAction.Mail m -> content("body", m.body(), Optional.empty(), null);
                default -> null;
            };
            out.add(new Block(i + 1, actions.size(), a.describe(), c));
        }
        return out;
    }

    /** The plain-text rendering of all blocks, as the text surfaces print it. */
    public static List<String> actionLines(List<Block> blocks, Long mode) {
        List<String> out = new ArrayList<>();
        for (Block b : blocks) {
            out.add(b.open());
            Content c = b.content();
            if (c != null) {
                out.add("  " + c.label() + ": " + c.bytes() + " bytes, " + c.lines().size() + " lines, sha256 " + c.sha256());
                boolean full = c.shown() == Shown.FULL || mode == Long.FULL || (c.shown() == Shown.LONG && mode == Long.DIFF_OR_FULL);
                if (c.shown() == Shown.DIFF) {
                    out.add("  unified diff against the current file:");
                    for (String l : c.diff()) out.add(QUOTE + l);
                }
                if (full) {
                    if (c.shown() == Shown.DIFF) out.add("  full " + c.label() + ":");
                    for (String l : c.lines()) out.add(QUOTE + l);
                    if (!c.finalNewline() && !c.raw().isEmpty()) out.add("  (no newline at the end)");
                } else if (mode == Long.DIFF_AND_ATTACHMENT) {
                    out.add("  the exact " + c.label() + " is attached as " + c.attachmentName(b.index()) + " (check: sha256sum)");
                } else if (c.shown() == Shown.LONG) {
                    out.add("  too long to show here; see it with: clawdbot request show ID --full");
                }
            }
            out.add(b.close());
        }
        return out;
    }

    /** True when every block's content is visible under {@code mode} (in full or as a diff). */
    public static boolean allShown(List<Block> blocks, Long mode) {
        return mode != Long.DIFF_OR_OMIT || blocks.stream().allMatch(b -> b.content() == null || b.content().shown() != Shown.LONG);
    }

    /** Untrusted multi-line text (a rationale, an assessment) as quoted, escaped lines. */
    public static List<String> quote(String text) {
        return UntrustedText.lines(text).stream().map(l -> QUOTE + l).toList();
    }

    /**
     * The complete text of a request for the text surfaces: who asks what, the rationale, every action block and
     * the hash the approval binds to, then the assessment.
     */
    public static String plain(RequestView r, CurrentFiles files, Long mode) {
        StringBuilder sb = new StringBuilder();
        sb.append("Request ").append(r.id()).append(" from ").append(UntrustedText.inline(r.request().requester())).append('\n');
        sb.append("Summary: ").append(UntrustedText.inline(r.request().summary())).append('\n');
        sb.append("Why (the requester's words, unverified):\n");
        for (String l : quote(r.request().rationale())) sb.append(l).append('\n');
        sb.append("Exact actions (").append(r.actions().size()).append("), actions hash ").append(r.actionHash()).append(":\n");
        for (String l : actionLines(blocks(r.actions(), files), mode)) sb.append(l).append('\n');
        sb.append("Risk: ").append(r.risk() == null ? "not assessed yet" : r.risk()).append('\n');
        if (r.assessment() != null) {
            sb.append("Assessment (admin agent):\n");
            for (String l : quote(r.assessment())) sb.append(l).append('\n');
        }
        return sb.toString();
    }

    private static Content content(String label, String raw, Optional<String> current, String path) {
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        List<String> lines = UntrustedText.lines(raw);
        boolean finalNewline = raw.endsWith("\n");
        String sha = RequestCodec.sha256(raw);
        if (raw.length() <= SHORT_CHARS && lines.size() <= SHORT_LINES) {
            return new Content(label, raw, sha, bytes.length, lines, finalNewline, null, Shown.FULL);
        }
        List<String> diff = current.map(cur -> diff(cur, raw, path)).orElse(null);
        return new Content(label, raw, sha, bytes.length, lines, finalNewline, diff, diff == null ? Shown.LONG : Shown.DIFF);
    }

    private static List<String> diff(String current, String proposed, String path) {
        List<String> a = Arrays.asList(current.split("\n", -1));
        List<String> b = Arrays.asList(proposed.split("\n", -1));
        if (a.size() > MAX_DIFF_LINES || b.size() > MAX_DIFF_LINES) return null;
        Patch<String> patch = DiffUtils.diff(a, b);
        List<String> unified = UnifiedDiffUtils.generateUnifiedDiff("current " + path, "proposed " + path, a, patch, 3);
        if (unified.isEmpty()) return List.of("(no change: the proposed " + "content equals the current file)");
        return unified.stream().map(UntrustedText::inline).toList();
    }
}
