package dev.clawdbot.fleet.hosts;

import dev.clawdbot.fleet.ssh.SshEndpoint;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The managed hosts: {@code hosts:} validated as a whole (names, jump hosts that exist and do not loop), then
 * frozen. Hosts still configured under the broker's older {@code broker.hosts} are added by the application
 * through {@link #with}, so every part — the broker's executor, {@code clawdbot hosts}, the checks — sees one list.
 */
public final class Inventory {
    private final Map<String, HostSpec> hosts;
    private final PinStore pins;

    private Inventory(Map<String, HostSpec> hosts, PinStore pins) {
        this.hosts = Collections.unmodifiableMap(new TreeMap<>(hosts));
        this.pins = pins;
    }

    /**
     * @param hosts the {@code hosts:} section (null: none)
     * @param pins  the keys pinned by {@code hosts pin}, or null for none
     * @throws IllegalArgumentException naming the key, {@code hosts.NAME.field: problem}
     */
    public static Inventory of(Map<String, HostSpec> hosts, PinStore pins) {
        Map<String, HostSpec> all = new LinkedHashMap<>();
        if (hosts != null) {
            for (Map.Entry<String, HostSpec> h : hosts.entrySet()) {
                if (!validName(h.getKey())) {
                    throw new IllegalArgumentException("hosts." + h.getKey() + ": not a usable host name (letters, digits, '.', '-', '_'; not 'local')");
                }
                if (h.getValue() == null) throw new IllegalArgumentException("hosts." + h.getKey() + ": empty");
                all.put(h.getKey(), h.getValue());
            }
        }
        for (String name : all.keySet()) {
            Set<String> seen = new HashSet<>(List.of(name));
            for (String j = all.get(name).jump(); j != null; j = all.get(j).jump()) {
                if (!all.containsKey(j)) throw new IllegalArgumentException("hosts." + name + ".jump: no host named " + j + " in hosts:");
                if (!seen.add(j)) throw new IllegalArgumentException("hosts." + name + ".jump: the jump hosts form a loop through " + j);
            }
        }
        return new Inventory(all, pins);
    }

    /** This inventory plus {@code more} (the broker's {@code broker.hosts}); a name in both is an error naming both keys. */
    public Inventory with(Map<String, HostSpec> more, String section) {
        Map<String, HostSpec> all = new LinkedHashMap<>(hosts);
        for (Map.Entry<String, HostSpec> h : more.entrySet()) {
            if (all.putIfAbsent(h.getKey(), h.getValue()) != null) {
                throw new IllegalArgumentException(section + "." + h.getKey() + ": also defined as hosts." + h.getKey() + "; keep one");
            }
        }
        return of(all, pins);
    }

    static boolean validName(String n) {
        if (n == null || n.isEmpty() || n.length() > 63 || n.equals("local") || !Character.isLetterOrDigit(n.charAt(0))) return false;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '-' || c == '_')) return false;
        }
        return true;
    }

    public Map<String, HostSpec> hosts() {
        return hosts;
    }

    public boolean isEmpty() {
        return hosts.isEmpty();
    }

    public PinStore pinStore() {
        return pins;
    }

    /**
     * How to reach the host: its configured pins plus those recorded by {@code hosts pin} (read each time, so a pin
     * made by the CLI is used by a running server), and its jump host likewise.
     *
     * @throws IllegalArgumentException when there is no such host
     */
    public SshEndpoint endpoint(String name) {
        HostSpec h = hosts.get(name);
        if (h == null) throw new IllegalArgumentException("no host named " + name + " in hosts:");
        List<String> recorded = pins == null ? List.of() : pins.pins(h.address(), h.port());
        return new SshEndpoint(name, h.address(), h.port(), h.user(), h.privateKey(), h.privateKeyPassphrase(), h.pins(),
                h.knownHostsFile(), h.jump() == null ? null : endpoint(h.jump()), h.connectTimeout()).withPins(recorded);
    }
}
