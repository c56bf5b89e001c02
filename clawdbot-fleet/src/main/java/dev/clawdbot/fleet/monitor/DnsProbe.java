package dev.clawdbot.fleet.monitor;

import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.InitialDirContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Hashtable;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Looks up {@code recordType} records of {@code host} through the JDK's DNS provider (JNDI), at {@code dnsServer} or
 * the system's resolver. Passes when there is at least one record, or exactly {@code expectedValues} when given
 * (compared as sets, case and trailing dots ignored except in TXT).
 */
record DnsProbe(MonitorSpec spec, Clock clock) implements Probe {
    @Override
    public CheckResult check() {
        Instant at = clock.instant();
        long start = System.nanoTime();
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("java.naming.provider.url", spec.dnsServer() == null ? "dns:" : "dns://" + spec.dnsServer());
        // The provider doubles its wait per retry: initial ms with 1 retry keeps the whole lookup near the timeout.
        env.put("com.sun.jndi.dns.timeout.initial", Long.toString(Math.max(1, spec.timeout().toMillis() / 3)));
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        try {
            InitialDirContext ctx = new InitialDirContext(env);
            Set<String> values = new TreeSet<>();
            try {
                Attributes attrs = ctx.getAttributes(spec.host(), new String[]{spec.recordType()});
                Attribute a = attrs.get(spec.recordType());
                if (a != null) {
                    NamingEnumeration<?> all = a.getAll();
                    while (all.hasMore() && values.size() < 100) values.add(normalise(String.valueOf(all.next())));
                }
            } finally {
                ctx.close();
            }
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            String cause = judge(values);
            return cause == null ? CheckResult.up(at, latency) : CheckResult.down(at, latency, cause);
        } catch (NamingException e) {
            return CheckResult.down(at, Duration.ofNanos(System.nanoTime() - start),
                    "DNS lookup failed: " + e.getClass().getSimpleName() + ": " + Text.clip(String.valueOf(e.getExplanation()), 120));
        }
    }

    private String judge(Set<String> values) {
        String what = spec.recordType() + " " + spec.host();
        if (values.isEmpty()) return "no " + what + " records";
        if (spec.expectedValues().isEmpty()) return null;
        Set<String> expected = new TreeSet<>();
        spec.expectedValues().forEach(v -> expected.add(normalise(v)));
        return expected.equals(values) ? null : what + " is " + Text.clip(values.toString(), 200) + ", expected " + expected;
    }

    private String normalise(String v) {
        String s = v.trim();
        if ("TXT".equals(spec.recordType())) {
            return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
        }
        s = s.toLowerCase(Locale.ROOT);
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
