package dev.clawdbot.siem.syslog;

/**
 * {@code siem.syslog:} — an optional syslog listener (RFC 3164 and RFC 5424; UDP, and TCP with octet-counting or
 * newline framing). Off by default; when on, it listens on loopback unless {@code bind} says otherwise.
 *
 * @param enabled        listen (default false)
 * @param bind           address to listen on (default 127.0.0.1)
 * @param udpPort        UDP port, 0 for none (default 5514; 514 needs root and is usually rsyslog's)
 * @param tcpPort        TCP port, 0 for none (default 5514)
 * @param maxConnections TCP connections at once, 1..10000 (default 64); more are closed at once and counted
 * @param maxMessage     bytes of one message, 480..1048576 (default 65536, Wazuh's limit); longer ones are cut
 */
public record SyslogConfig(Boolean enabled, String bind, Integer udpPort, Integer tcpPort, Integer maxConnections, Integer maxMessage) {

    public SyslogConfig {
        enabled = enabled != null && enabled;
        bind = bind == null ? "127.0.0.1" : bind;
        udpPort = udpPort == null ? 5514 : udpPort;
        tcpPort = tcpPort == null ? 5514 : tcpPort;
        maxConnections = maxConnections == null ? 64 : maxConnections;
        maxMessage = maxMessage == null ? 65_536 : maxMessage;
        if (bind.isBlank()) throw new IllegalArgumentException("siem.syslog.bind: empty address");
        if (udpPort < 0 || udpPort > 65_535) throw new IllegalArgumentException("siem.syslog.udpPort must be 0..65535, was " + udpPort);
        if (tcpPort < 0 || tcpPort > 65_535) throw new IllegalArgumentException("siem.syslog.tcpPort must be 0..65535, was " + tcpPort);
        if (maxConnections < 1 || maxConnections > 10_000) throw new IllegalArgumentException("siem.syslog.maxConnections must be 1..10000, was " + maxConnections);
        if (maxMessage < 480 || maxMessage > 1_048_576) throw new IllegalArgumentException("siem.syslog.maxMessage must be 480..1048576, was " + maxMessage);
    }

    public static SyslogConfig defaults() {
        return new SyslogConfig(null, null, null, null, null, null);
    }
}
