package dev.clawdbot.channels.telegram;

import dev.clawdbot.channels.TelegramConfig.ParseMode;

import java.util.ArrayList;
import java.util.List;
import com.google.re2j.Pattern;

/**
 * Turns the agent's Markdown into Telegram HTML or MarkdownV2, split into messages of at most
 * {@link #LIMIT} characters. Splits fall between blocks (paragraphs, fenced code); a block too large is
 * cut at lines, then sentences, then words, and every piece is rendered on its own, so that no entity is
 * ever cut in two.
 */
public final class TelegramFormat {
    public static final int LIMIT = 4096;
    private static final Pattern SAFE_URL = Pattern.compile("(?i)(https?://|tg://|mailto:)[^\\s]+");
    private static final Pattern LANG = Pattern.compile("[A-Za-z0-9_+-]{1,32}");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");
    private static final Pattern BULLET = Pattern.compile("^(\\s*)[-*+]\\s+(.*)$");
    private static final String V2_SPECIAL = "_*[]()~`>#+-=|{}.!\\";

    private final ParseMode mode;
    private final int limit;

    public TelegramFormat(ParseMode mode) {
        this(mode, LIMIT);
    }

    TelegramFormat(ParseMode mode, int limit) {
        this.mode = mode;
        this.limit = limit;
    }

    public String parseModeName() {
        return mode == ParseMode.HTML ? "HTML" : "MarkdownV2";
    }

    /** The messages to send for one reply, each within the limit; never empty for non-blank input. */
    public List<String> render(String markdown) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (Block b : blocks(markdown)) {
            for (String piece : renderBlock(b)) {
                if (current.length() > 0 && current.length() + 2 + piece.length() > limit) {
                    out.add(current.toString());
                    current.setLength(0);
                }
                if (current.length() > 0) current.append("\n\n");
                current.append(piece);
            }
        }
        if (current.length() > 0) out.add(current.toString());
        return out;
    }

    /** Plain-text chunks (no parse mode), for when Telegram rejects the entities. */
    public List<String> plain(String text) {
        List<String> out = new ArrayList<>();
        for (String piece : cut(text.strip(), limit)) if (!piece.isBlank()) out.add(piece);
        return out;
    }

    private record Block(String text, boolean code, String lang) {
    }

    private static List<Block> blocks(String md) {
        List<Block> out = new ArrayList<>();
        String[] lines = md.replace("\r\n", "\n").split("\n", -1);
        StringBuilder para = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.stripLeading().startsWith("```")) {
                flush(para, out);
                String lang = line.stripLeading().substring(3).trim();
                StringBuilder code = new StringBuilder();
                i++;
                while (i < lines.length && !lines[i].stripLeading().startsWith("```")) {
                    if (code.length() > 0) code.append('\n');
                    code.append(lines[i]);
                    i++;
                }
                out.add(new Block(code.toString(), true, LANG.matcher(lang).matches() ? lang : ""));
            } else if (line.isBlank()) {
                flush(para, out);
            } else {
                if (para.length() > 0) para.append('\n');
                para.append(line);
            }
        }
        flush(para, out);
        return out;
    }

    private static void flush(StringBuilder para, List<Block> out) {
        if (para.length() > 0) out.add(new Block(para.toString(), false, ""));
        para.setLength(0);
    }

    private List<String> renderBlock(Block b) {
        String whole = b.code() ? code(b.text(), b.lang()) : inlineBlock(b.text());
        if (whole.length() <= limit) return List.of(whole);
        List<String> out = new ArrayList<>();
        if (b.code()) {
            int overhead = code("", b.lang()).length();
            for (String piece : cutRendered(b.text(), limit - overhead, s -> code(s, "").length() - overhead)) out.add(code(piece, b.lang()));
        } else {
            for (String piece : cutRendered(b.text(), limit, s -> inlineBlock(s).length())) out.add(inlineBlock(piece));
        }
        return out;
    }

    /** Cuts raw text so that each piece renders within {@code max}, preferring lines, sentences, words. */
    private static List<String> cutRendered(String text, int max, java.util.function.ToIntFunction<String> renderedLength) {
        List<String> out = new ArrayList<>();
        String rest = text;
        while (!rest.isEmpty()) {
            if (renderedLength.applyAsInt(rest) <= max) {
                out.add(rest);
                break;
            }
            int cut = bestCut(rest, max, renderedLength);
            out.add(rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
        }
        return out;
    }

    private static int bestCut(String s, int max, java.util.function.ToIntFunction<String> renderedLength) {
        // Largest prefix that fits, found by bisection on the raw length, then moved back to a boundary.
        // Rendering never shrinks text below half its raw length, so longer prefixes need not be tried.
        int lo = 1, hi = Math.min(s.length(), 2 * max + 16);
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (renderedLength.applyAsInt(s.substring(0, mid)) <= max) lo = mid;
            else hi = mid - 1;
        }
        int fit = lo;
        for (String sep : new String[]{"\n", ". ", " "}) {
            int at = s.lastIndexOf(sep, fit - sep.length());
            if (at > fit / 2) return at + sep.length();
        }
        if (fit < s.length() && Character.isLowSurrogate(s.charAt(fit)) && fit > 1) fit--;
        return Math.max(1, fit);
    }

    private static List<String> cut(String text, int max) {
        return cutRendered(text, max, String::length);
    }

    private String code(String body, String lang) {
        if (mode == ParseMode.HTML) {
            return lang.isEmpty() ? "<pre>" + escapeHtml(body) + "</pre>"
                    : "<pre><code class=\"language-" + lang + "\">" + escapeHtml(body) + "</code></pre>";
        }
        return "```" + lang + "\n" + escapeV2Code(body) + "\n```";
    }

    private String inlineBlock(String text) {
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) out.append('\n');
            String line = lines[i];
            var heading = HEADING.matcher(line);
            var bullet = BULLET.matcher(line);
            if (heading.matches()) out.append(wrap("b", inline(heading.group(1))));
            else if (bullet.matches()) out.append(bullet.group(1)).append("• ").append(inline(bullet.group(2)));
            else out.append(inline(line));
        }
        return out.toString();
    }

    /** Renders inline Markdown: `code`, **bold**, __bold__, *italic*, _italic_, ~~strike~~, [text](url). */
    String inline(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '`') {
                int end = s.indexOf('`', i + 1);
                if (end > i + 1) {
                    String body = s.substring(i + 1, end);
                    out.append(mode == ParseMode.HTML ? "<code>" + escapeHtml(body) + "</code>" : "`" + escapeV2Code(body) + "`");
                    i = end + 1;
                    continue;
                }
            }
            String[][] pairs = {{"**", "b"}, {"__", "b"}, {"~~", "s"}, {"*", "i"}, {"_", "i"}};
            boolean matched = false;
            for (String[] p : pairs) {
                String d = p[0];
                if (!s.startsWith(d, i)) continue;
                if (d.equals("_") && i > 0 && Character.isLetterOrDigit(s.charAt(i - 1))) continue;
                int end = s.indexOf(d, i + d.length());
                if (end <= i + d.length()) continue;
                if (d.equals("_") && end + 1 < s.length() && Character.isLetterOrDigit(s.charAt(end + 1))) continue;
                String body = s.substring(i + d.length(), end);
                if (body.isBlank() || Character.isWhitespace(body.charAt(0))) continue;
                out.append(wrap(p[1], inline(body)));
                i = end + d.length();
                matched = true;
                break;
            }
            if (matched) continue;
            if (c == '[') {
                int close = s.indexOf("](", i);
                int paren = close < 0 ? -1 : s.indexOf(')', close + 2);
                if (close > i && paren > close) {
                    String label = s.substring(i + 1, close);
                    String url = s.substring(close + 2, paren);
                    if (SAFE_URL.matcher(url).matches()) {
                        if (mode == ParseMode.HTML) out.append("<a href=\"").append(escapeHtml(url).replace("\"", "&quot;")).append("\">").append(inline(label)).append("</a>");
                        else out.append('[').append(inline(label)).append("](").append(url.replace("\\", "\\\\").replace(")", "\\)")).append(')');
                        i = paren + 1;
                        continue;
                    }
                }
            }
            out.append(mode == ParseMode.HTML ? escapeHtml(String.valueOf(c)) : escapeV2(String.valueOf(c)));
            i++;
        }
        return out.toString();
    }

    private String wrap(String tag, String inner) {
        if (mode == ParseMode.HTML) return "<" + tag + ">" + inner + "</" + tag + ">";
        String d = switch (tag) {
            case "b" -> "*";
            case "i" -> "_";
            default -> "~";
        };
        return d + inner + d;
    }

    public static String escapeHtml(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** MarkdownV2 outside entities: every special character gets a backslash. */
    public static String escapeV2(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (V2_SPECIAL.indexOf(c) >= 0) sb.append('\\');
            sb.append(c);
        }
        return sb.toString();
    }

    /** MarkdownV2 inside pre and code: only ` and \ are escaped. */
    public static String escapeV2Code(String s) {
        return s.replace("\\", "\\\\").replace("`", "\\`");
    }
}
