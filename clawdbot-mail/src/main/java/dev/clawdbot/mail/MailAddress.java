package dev.clawdbot.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Address parsing with Angus Mail's strict RFC 822 parser, for callers that must not take what it refuses. */
public final class MailAddress {
    private MailAddress() {
    }

    /**
     * {@code text} when it is exactly one bare address ({@code a@example.org}) that parses strictly: no display name,
     * no list or group, so it cannot add a header or a hidden recipient.
     *
     * @throws IllegalArgumentException with the parser's reason
     */
    public static String bare(String text) {
        try {
            InternetAddress[] parsed = InternetAddress.parse(text, true);
            if (parsed.length != 1) throw new AddressException("one address per entry");
            InternetAddress p = parsed[0];
            p.validate();
            if (p.getPersonal() != null || !p.getAddress().equals(text) || p.isGroup() || !p.getAddress().contains("@")) {
                throw new AddressException("expected a bare address like name@example.org");
            }
            return p.getAddress();
        } catch (AddressException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * A comma-separated recipient list as its addresses, lower-cased ({@code "Bob <Bob@x.org>, c@y.org"} gives
     * {@code bob@x.org, c@y.org}).
     *
     * @throws IllegalArgumentException with the parser's reason when the list does not parse strictly
     */
    public static List<String> list(String text) {
        try {
            List<String> out = new ArrayList<>();
            for (InternetAddress a : InternetAddress.parse(text, true)) out.add(a.getAddress().toLowerCase(Locale.ROOT));
            return List.copyOf(out);
        } catch (AddressException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
