package dev.clawdbot.siem.rules;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address or CIDR block ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) and the test whether a decoded
 * address lies inside. Text is parsed as a literal only: nothing here ever resolves a name.
 */
public record IpRange(byte[] network, int prefix) {

    public static IpRange parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        byte[] addr = literal(slash < 0 ? t : t.substring(0, slash));
        if (addr == null) throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
        int bits = addr.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (p.contains(".")) {
                byte[] mask = literal(p);
                if (mask == null || mask.length != 4) throw new IllegalArgumentException("bad netmask in '" + text + "'");
                prefix = Integer.bitCount(new BigInteger(1, mask).intValue());
            } else {
                try {
                    prefix = Integer.parseInt(p);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad prefix length in '" + text + "'");
                }
            }
            if (prefix < 0 || prefix > bits) throw new IllegalArgumentException("prefix length out of range in '" + text + "'");
        }
        return new IpRange(addr, prefix);
    }

    public boolean contains(String address) {
        if (address == null) return false;
        byte[] a = literal(address.strip());
        if (a == null || a.length != network.length) return false;
        int full = prefix / 8;
        for (int i = 0; i < full; i++) if (a[i] != network[i]) return false;
        int rest = prefix % 8;
        if (rest == 0) return true;
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }

    /** The bytes of an IPv4 or IPv6 literal, or null for anything else. */
    public static byte[] literal(String s) {
        if (s.isEmpty() || s.length() > 45) return null;
        if (s.indexOf(':') < 0) return ipv4(s);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) return null;
        }
        try {
            // A string with ':' is parsed as an IPv6 literal by InetAddress, never looked up.
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] ipv4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part > 3) return null;
                out[part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = value < 0 ? c - '0' : value * 10 + (c - '0');
                if (value > 255) return null;
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }
}
