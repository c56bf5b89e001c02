package dev.clawdbot.siem.rules;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One element of a Wazuh decoder or rule file, with the line it starts on (for {@code file:line} problems).
 * Wazuh's files are XML fragments (several top-level elements, no root), so {@link #parse} wraps the text in
 * a synthetic root on the same line; DTDs and external entities are refused.
 */
record XmlNode(String name, Map<String, String> attrs, String text, List<XmlNode> children, int line) {

    static List<XmlNode> parse(String text) throws XMLStreamException {
        String body = text.strip().startsWith("<?xml") ? blankDeclaration(text) : text;
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader r = f.createXMLStreamReader(new StringReader("<root>" + body + "</root>"));
        Deque<Builder> stack = new ArrayDeque<>();
        Builder root = null;
        try {
            while (r.hasNext()) {
                int ev = r.next();
                switch (ev) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        Map<String, String> attrs = new LinkedHashMap<>();
                        for (int i = 0; i < r.getAttributeCount(); i++) attrs.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
                        Builder b = new Builder(r.getLocalName(), attrs, r.getLocation().getLineNumber());
                        if (stack.isEmpty()) root = b;
                        else stack.peek().children.add(b);
                        stack.push(b);
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (!stack.isEmpty()) stack.peek().text.append(r.getText());
                    }
                    case XMLStreamConstants.END_ELEMENT -> stack.pop();
                    default -> {
                    }
                }
            }
        } finally {
            r.close();
        }
        return root == null ? List.of() : root.build().children();
    }

    private static String blankDeclaration(String text) {
        int start = text.indexOf("<?xml");
        int end = text.indexOf("?>", start);
        if (end < 0) return text;
        StringBuilder sb = new StringBuilder(text);
        for (int i = start; i < end + 2; i++) if (sb.charAt(i) != '\n') sb.setCharAt(i, ' ');
        return sb.toString();
    }

    String attr(String key) {
        return attrs.get(key);
    }

    private static final class Builder {
        final String name;
        final Map<String, String> attrs;
        final int line;
        final StringBuilder text = new StringBuilder();
        final List<Builder> children = new ArrayList<>();

        Builder(String name, Map<String, String> attrs, int line) {
            this.name = name;
            this.attrs = attrs;
            this.line = line;
        }

        XmlNode build() {
            List<XmlNode> kids = new ArrayList<>(children.size());
            for (Builder c : children) kids.add(c.build());
            // Wazuh keeps an element's text as written ("^Failed \\S+ for " ends in a space that matters);
            // only text laid out over several lines is trimmed of its indentation.
            String t = text.toString();
            if (t.indexOf('\n') >= 0) t = t.strip();
            return new XmlNode(name, Map.copyOf(attrs), t, List.copyOf(kids), line);
        }
    }
}
