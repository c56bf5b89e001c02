package dev.clawdbot.sandbox.web;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * The SSRF guard: which destination addresses {@code web_fetch} may connect to. Everything that is not plainly a
 * public unicast address is refused, including IPv4 embedded in IPv6 (mapped, compatible, 6to4, NAT64, Teredo).
 */
final class AddressGuard {
    private final Set<InetAddress> testAllow;

    public AddressGuard() {
        this(Set.of());
    }

    /** Test-only: lets a fake server on loopback be reached; never wired from configuration. */
    AddressGuard(Set<InetAddress> testAllow) {
        this.testAllow = Set.copyOf(testAllow);
    }

    /** Why the address is refused, or null if it is a public address. */
    public String refusal(InetAddress a) {
        if (testAllow.contains(a)) return null;
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) return v4(b);
        if (a instanceof Inet6Address) return v6(b);
        return "an unknown address family";
    }

    private static String v4(byte[] b) {
        int x = b[0] & 0xff;
        int y = b[1] & 0xff;
        if (x == 0) return "a 'this network' address (0.0.0.0/8)";
        if (x == 127) return "a loopback address";
        if (x == 10 || (x == 172 && y >= 16 && y <= 31) || (x == 192 && y == 168)) return "a private address";
        if (x == 169 && y == 254) return "a link-local address (cloud metadata lives here)";
        if (x == 100 && y >= 64 && y <= 127) return "a carrier-grade NAT address (100.64.0.0/10)";
        if (x == 192 && y == 0 && (b[2] & 0xff) == 0) return "an IETF protocol address (192.0.0.0/24)";
        if (x == 192 && y == 0 && (b[2] & 0xff) == 2 || x == 198 && y == 51 && (b[2] & 0xff) == 100
                || x == 203 && y == 0 && (b[2] & 0xff) == 113) return "a documentation address";
        if (x == 198 && (y == 18 || y == 19)) return "a benchmarking address (198.18.0.0/15)";
        if (x >= 224 && x <= 239) return "a multicast address";
        if (x >= 240) return "a reserved or broadcast address";
        return null;
    }

    private static String v6(byte[] b) {
        boolean zero10 = true;
        for (int i = 0; i < 10; i++) zero10 &= b[i] == 0;
        if (zero10 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) return embedded("an IPv4-mapped IPv6 address", b, 12);
        if (zero10 && b[10] == 0 && b[11] == 0) {
            boolean rest = true;
            for (int i = 12; i < 15; i++) rest &= b[i] == 0;
            if (rest && b[15] == 1) return "a loopback address";
            if (rest && b[15] == 0) return "the unspecified address";
            return embedded("an IPv4-compatible IPv6 address", b, 12);
        }
        int first = b[0] & 0xff;
        if ((first & 0xfe) == 0xfc) return "a unique local IPv6 address (fc00::/7)";
        if (first == 0xfe && (b[1] & 0xc0) == 0x80) return "a link-local IPv6 address";
        if (first == 0xfe && (b[1] & 0xc0) == 0xc0) return "a site-local IPv6 address";
        if (first == 0xff) return "a multicast address";
        if (first == 0x20 && b[1] == 0x02) return embedded("a 6to4 address", b, 2);
        if (first == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) return embedded("a NAT64 address", b, 12);
        if (first == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) return "a Teredo address";
        if (first == 0x20 && b[1] == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) return "a documentation address";
        if ((first & 0xe0) != 0x20) return "an address outside global unicast (2000::/3)";
        return null;
    }

    private static String embedded(String kind, byte[] b, int at) {
        try {
            String inner = v4(InetAddress.getByAddress(new byte[]{b[at], b[at + 1], b[at + 2], b[at + 3]}).getAddress());
            return inner == null ? null : kind + " wrapping " + inner;
        } catch (UnknownHostException e) {
            return kind;
        }
    }
}
