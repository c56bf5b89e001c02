package dev.clawdbot.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Host commands the user agent may run outside the sandbox, per authenticated caller. A command runs only when
 * some rule lists the caller ({@code channel:peer}, exactly as {@code Caller.id()}, or {@code group:NAME}) and its argv
 * matches the rule: {@code program} equal to the rule's absolute path (which must not be a symlink), the same number
 * of arguments, each matching its pattern. A pattern is a literal unless it starts with {@code re:} (an RE2 regex,
 * linear-time, matched against the whole argument; the argument may hold no {@code ..}, {@code .} or {@code //}
 * path segments). Regex-matched arguments may never start with {@code -}, so an option can only
 * be passed where the rule spells it literally. Nothing goes through a shell.
 *
 * @param groups  group name to caller ids
 * @param rules   the allowlist
 * @param timeout wall-clock limit of each elevated command
 * @param maxOutputBytes cap per stream
 */
public record ElevatedPolicy(Map<String, List<String>> groups, List<Rule> rules, Duration timeout, Integer maxOutputBytes) {

    public ElevatedPolicy {
        groups = groups == null ? Map.of() : Map.copyOf(groups);
        rules = rules == null ? List.of() : List.copyOf(rules);
        timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
        maxOutputBytes = maxOutputBytes == null ? 256 * 1024 : maxOutputBytes;
        groups.forEach((g, ids) -> {
            if (!g.matches("[A-Za-z0-9_-]{1,64}")) throw new IllegalArgumentException("sandbox.elevated.groups: invalid group name '" + g + "'");
            for (String id : ids) checkCallerId("sandbox.elevated.groups." + g, id);
        });
        for (int i = 0; i < rules.size(); i++) {
            for (String c : rules.get(i).callers()) {
                if (c.startsWith("group:")) {
                    if (!groups.containsKey(c.substring(6)))
                        throw new IllegalArgumentException("sandbox.elevated.rules[" + i + "].callers: unknown group '" + c.substring(6) + "'");
                } else checkCallerId("sandbox.elevated.rules[" + i + "].callers", c);
            }
        }
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("sandbox.elevated.timeout must be positive, was " + timeout);
        if (maxOutputBytes < 1024) throw new IllegalArgumentException("sandbox.elevated.maxOutputBytes must be at least 1024, was " + maxOutputBytes);
    }

    public static ElevatedPolicy none() {
        return new ElevatedPolicy(null, null, null, null);
    }

    private static void checkCallerId(String key, String id) {
        if (id == null || !id.matches("[a-z][a-z0-9_-]*:[^\\s:][^\\s]*"))
            throw new IllegalArgumentException(key + ": '" + id + "' is not a caller id of the form channel:peer");
    }

    /**
     * @param name    shown in audit events and refusals
     * @param callers caller ids or {@code group:NAME}
     * @param program absolute, normalized path of the binary
     * @param args    one pattern per argument (literal, or {@code re:REGEX})
     */
    public record Rule(String name, List<String> callers, String program, List<String> args) {
        public Rule {
            if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}"))
                throw new IllegalArgumentException("sandbox.elevated.rules: invalid or missing rule name '" + name + "'");
            String key = "sandbox.elevated.rules[" + name + "]";
            callers = callers == null ? List.of() : List.copyOf(callers);
            if (callers.isEmpty()) throw new IllegalArgumentException(key + ".callers must not be empty");
            if (program == null || !program.startsWith("/") || !Path.of(program).normalize().toString().equals(program))
                throw new IllegalArgumentException(key + ".program must be an absolute, normalized path, was '" + program + "'");
            args = args == null ? List.of() : List.copyOf(args);
            for (String a : args) {
                if (a.startsWith("re:")) {
                    try {
                        com.google.re2j.Pattern.compile(a.substring(3));
                    } catch (com.google.re2j.PatternSyntaxException e) {
                        throw new IllegalArgumentException(key + ".args: invalid regex '" + a.substring(3) + "' (RE2 syntax): " + e.getDescription());
                    }
                }
            }
        }
    }
}
