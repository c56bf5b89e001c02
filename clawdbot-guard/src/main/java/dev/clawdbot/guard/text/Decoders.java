package dev.clawdbot.guard.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds base64 and hex segments in a text and decodes those that turn out to be readable text; rot13. */
public final class Decoders {

    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]{16,}={0,2}");
    private static final Pattern HEX = Pattern.compile("(?:(?:\\\\x|0x)?[0-9A-Fa-f]{2}[ :]?){8,}");
    private static final Pattern HEX_DIGITS = Pattern.compile("\\\\x|0x|[ :]");

    private Decoders() {
    }

    /** Decoded segments that are mostly printable text, in order of appearance. */
    public static List<String> segments(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = HEX.matcher(text);
        while (m.find()) {
            String digits = HEX_DIGITS.matcher(m.group()).replaceAll("");
            if (digits.length() % 2 != 0) digits = digits.substring(0, digits.length() - 1);
            byte[] bytes = new byte[digits.length() / 2];
            for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) Integer.parseInt(digits, 2 * i, 2 * i + 2, 16);
            addIfText(bytes, out);
        }
        m = BASE64.matcher(text);
        while (m.find()) {
            String seg = m.group();
            if (seg.chars().noneMatch(Character::isUpperCase) || seg.chars().noneMatch(Character::isLowerCase)) continue;
            String body = seg.replace("=", "");
            boolean url = body.indexOf('-') >= 0 || body.indexOf('_') >= 0;
            if (body.length() % 4 == 1) body = body.substring(0, body.length() - 1);
            try {
                byte[] bytes = (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(body);
                addIfText(bytes, out);
            } catch (IllegalArgumentException notBase64) {
                // A run of base64-alphabet characters that does not decode is ordinary text.
            }
        }
        return out;
    }

    private static void addIfText(byte[] bytes, List<String> out) {
        if (bytes.length < 6) return;
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return;
        }
        int printable = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7F && !Character.isISOControl(c))) printable++;
        }
        if (printable * 10 >= s.length() * 9) out.add(s);
    }

    public static String rot13(String s) {
        char[] c = s.toCharArray();
        for (int i = 0; i < c.length; i++) {
            char x = c[i];
            if (x >= 'a' && x <= 'z') c[i] = (char) ('a' + (x - 'a' + 13) % 26);
            else if (x >= 'A' && x <= 'Z') c[i] = (char) ('A' + (x - 'A' + 13) % 26);
        }
        return new String(c);
    }
}
