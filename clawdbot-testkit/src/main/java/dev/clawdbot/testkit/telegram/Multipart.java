package dev.clawdbot.testkit.telegram;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A small multipart/form-data parser: text parts become parameters, parts with a filename become files. */
final class Multipart {
    private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"");

    private Multipart() {
    }

    static void parse(byte[] body, String contentType, ObjectNode params, Map<String, byte[]> files) {
        int b = contentType.indexOf("boundary=");
        if (b < 0) throw new IllegalArgumentException("multipart without boundary");
        String boundary = contentType.substring(b + 9).replace("\"", "").split(";")[0].trim();
        byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int pos = indexOf(body, delim, 0);
        while (pos >= 0) {
            int start = pos + delim.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') return;
            start += 2; // CRLF after the delimiter
            int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            if (headerEnd < 0) return;
            String headers = new String(body, start, headerEnd - start, StandardCharsets.UTF_8);
            int next = indexOf(body, delim, headerEnd + 4);
            if (next < 0) return;
            byte[] content = Arrays.copyOfRange(body, headerEnd + 4, next - 2);
            Matcher n = NAME.matcher(headers);
            if (n.find()) {
                Matcher f = FILENAME.matcher(headers);
                if (f.find()) files.put(n.group(1), content);
                else params.put(n.group(1), new String(content, StandardCharsets.UTF_8));
            }
            pos = next;
        }
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
