package dev.clawdbot.fleet.monitor;

import java.util.Set;

/** What each monitor type requires of a {@link MonitorSpec}; errors name the key. */
final class SpecRules {
    static final Set<String> RECORD_TYPES = Set.of("A", "AAAA", "CNAME", "MX", "NS", "TXT");

    private SpecRules() {
    }

    static void check(String at, MonitorType type, String host, Integer port, String jsonPath, String unit,
                      String pushToken, String recordType) {
        switch (type) {
            case HTTP -> {
                if (jsonPath != null) JsonPath.parse(at + "jsonPath", jsonPath);
            }
            case TCP -> {
                needHost(at, host);
                if (port == null) throw new IllegalArgumentException(at + "port: missing");
            }
            case TLS, PING, POSTGRES, SMTP, IMAP, DNS, SSH, CONTAINER -> needHost(at, host);
            case SYSTEMD -> {
                // The unit is one argv element; still refuse what systemctl would read as an option.
                if (unit == null || unit.isBlank() || unit.startsWith("-") || unit.length() > 256) {
                    throw new IllegalArgumentException(at + "unit: need a unit name such as nginx.service, was " + unit);
                }
            }
            case PUSH -> {
                if (pushToken == null || pushToken.length() < 16 || !pushToken.chars().allMatch(SpecRules::tokenChar)) {
                    throw new IllegalArgumentException(at + "pushToken: need at least 16 of A-Z a-z 0-9 - _");
                }
            }
        }
        if (port != null && (port < 1 || port > 65535)) throw new IllegalArgumentException(at + "port: need 1..65535, was " + port);
        if (recordType != null && !RECORD_TYPES.contains(recordType.toUpperCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException(at + "recordType: one of " + RECORD_TYPES + ", was " + recordType);
        }
    }

    /** SSH: a host and a non-empty argv without control characters; CONTAINER: a host and a Docker container name. */
    static void checkRemote(String at, MonitorType type, java.util.List<String> command, String container) {
        if (type != MonitorType.SSH && command != null && !command.isEmpty()) throw new IllegalArgumentException(at + "command: only for SSH monitors");
        if (type != MonitorType.CONTAINER && container != null) throw new IllegalArgumentException(at + "container: only for CONTAINER monitors");
        if (type == MonitorType.SSH) {
            if (command == null || command.isEmpty()) throw new IllegalArgumentException(at + "command: missing; a list such as [systemctl, is-active, nginx]");
            for (int i = 0; i < command.size(); i++) {
                String a = command.get(i);
                if (a == null || a.length() > 4096 || a.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                    throw new IllegalArgumentException(at + "command[" + i + "]: empty, longer than 4096 or with a control character");
                }
            }
            if (command.getFirst().isEmpty()) throw new IllegalArgumentException(at + "command[0]: empty");
        }
        if (type == MonitorType.CONTAINER && !containerName(container)) {
            throw new IllegalArgumentException(at + "container: need a Docker container name ([a-zA-Z0-9][a-zA-Z0-9_.-]*, at most 128), was " + container);
        }
    }

    /** Docker's rule for names, checked by hand. */
    static boolean containerName(String n) {
        if (n == null || n.isEmpty() || n.length() > 128 || !Character.isLetterOrDigit(n.charAt(0)) || n.charAt(0) > 127) return false;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (!(c < 128 && Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-')) return false;
        }
        return true;
    }

    static Integer defaultPort(MonitorType type) {
        return switch (type) {
            case TLS -> 443;
            case POSTGRES -> 5432;
            case SMTP -> 25;
            case IMAP -> 143;
            default -> null;
        };
    }

    private static void needHost(String at, String host) {
        if (host == null || host.isBlank() || host.startsWith("-")) throw new IllegalArgumentException(at + "host: missing");
    }

    private static boolean tokenChar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }
}
