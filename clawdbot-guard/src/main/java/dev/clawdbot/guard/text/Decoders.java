package dev.clawdbot.guard.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Finds base64 and hex segments in a text and decodes those that turn out to be readable text; rot13. */
public final class Decoders {

    private Decoders() {
    }

    /** Decoded segments that are mostly printable text, in order of appearance. */
    public static List<String> segments(String text) {
        List<String> out = new ArrayList<>();
        hexRuns(text, out);
        for (String body : base64Runs(text)) {
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

    /**
     * Runs of at least 16 base64-alphabet characters with both upper and lower case letters (and up to two {@code =}
     * after them, which are dropped): what {@code [A-Za-z0-9+/_-]{16,}={0,2}} finds, in one pass without backtracking.
     */
    static List<String> base64Runs(String text) {
        List<String> out = new ArrayList<>();
        int n = text.length();
        for (int i = 0; i < n; ) {
            if (!base64(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            boolean upper = false, lower = false;
            for (; i < n && base64(text.charAt(i)); i++) {
                upper |= Character.isUpperCase(text.charAt(i));
                lower |= Character.isLowerCase(text.charAt(i));
            }
            if (i - start >= 16 && upper && lower) out.add(text.substring(start, i));
        }
        return out;
    }

    /** A character of {@code [A-Za-z0-9+/_-]}, the standard and URL-safe base64 alphabets together. */
    private static boolean base64(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '_' || c == '-';
    }

    /**
     * Finds runs of at least eight hex-encoded bytes, each optionally written {@code \\x41} or {@code 0x41} and
     * optionally followed by one space or colon; a hand-written scan, so it is linear and needs no stack.
     */
    private static void hexRuns(String text, List<String> out) {
        int n = text.length();
        int i = 0;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        while (i < n) {
            int j = i;
            bytes.reset();
            while (true) {
                int k = j;
                if (k + 1 < n && text.charAt(k + 1) == 'x' && (text.charAt(k) == '\\' || text.charAt(k) == '0')) k += 2;
                if (k + 1 < n && hex(text.charAt(k)) >= 0 && hex(text.charAt(k + 1)) >= 0) {
                    bytes.write(hex(text.charAt(k)) * 16 + hex(text.charAt(k + 1)));
                    k += 2;
                    if (k < n && (text.charAt(k) == ' ' || text.charAt(k) == ':')) k++;
                    j = k;
                } else {
                    break;
                }
            }
            if (bytes.size() >= 8) addIfText(bytes.toByteArray(), out);
            i = j > i ? j : i + 1;
        }
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
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
