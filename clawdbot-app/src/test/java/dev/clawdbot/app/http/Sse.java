package dev.clawdbot.app.http;

import java.util.ArrayList;
import java.util.List;

/** A strict reader of an SSE body: every event is {@code data: ...} lines or {@code :} comments, ended by a blank line. */
final class Sse {
    private Sse() {
    }

    static List<String> dataEvents(String body) {
        if (!body.endsWith("\n\n")) throw new AssertionError("SSE body must end with a blank line: " + tail(body));
        List<String> events = new ArrayList<>();
        for (String block : body.substring(0, body.length() - 2).split("\n\n", -1)) {
            StringBuilder data = new StringBuilder();
            boolean comment = false;
            for (String line : block.split("\n", -1)) {
                if (line.startsWith(":")) {
                    comment = true;
                } else if (line.startsWith("data: ")) {
                    if (!data.isEmpty()) data.append('\n');
                    data.append(line.substring(6));
                } else {
                    throw new AssertionError("not an SSE data or comment line: '" + line + "'");
                }
            }
            if (data.isEmpty() && !comment) throw new AssertionError("empty SSE event in " + tail(body));
            if (!data.isEmpty()) events.add(data.toString());
        }
        return events;
    }

    private static String tail(String s) {
        return s.length() < 200 ? s : s.substring(s.length() - 200);
    }
}
