package dev.clawdbot.sandbox.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTML to readable text: drops scripts, styles and tags, keeps block structure as line breaks, decodes entities. */
final class HtmlText {
    private static final Pattern DROP = Pattern.compile("(?is)<(script|style|noscript|template|svg|head|title)\\b.*?</\\1\\s*>|<!--.*?-->");
    private static final Pattern TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title>");
    private static final Pattern BLOCK = Pattern.compile("(?i)</?(p|div|br|li|ul|ol|h[1-6]|tr|table|section|article|header|footer|pre|blockquote|hr)\\b[^>]*>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});");

    private HtmlText() {
    }

    static String title(String html) {
        Matcher m = TITLE.matcher(html);
        return m.find() ? decode(m.group(1)).strip().replaceAll("\\s+", " ") : "";
    }

    static String text(String html) {
        String s = DROP.matcher(html).replaceAll(" ");
        s = BLOCK.matcher(s).replaceAll("\n");
        s = TAG.matcher(s).replaceAll(" ");
        s = decode(s);
        s = s.replaceAll("[ \\t\\x0B\\f\\r\\u00a0]+", " ").replaceAll(" *\n *", "\n").replaceAll("\n{3,}", "\n\n");
        return s.strip();
    }

    static String decode(String s) {
        Matcher m = ENTITY.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String r = switch (e) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                case "nbsp" -> " ";
                default -> {
                    if (!e.startsWith("#")) yield m.group();
                    int cp = e.startsWith("#x") ? Integer.parseInt(e.substring(2), 16) : Integer.parseInt(e.substring(1));
                    yield Character.isValidCodePoint(cp) && cp != 0 ? new String(Character.toChars(cp)) : "";
                }
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(r));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
