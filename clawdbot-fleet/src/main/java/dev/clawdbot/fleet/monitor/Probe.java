package dev.clawdbot.fleet.monitor;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;

/** One kind of check. Implementations return a result for every failure rather than throwing. */
sealed interface Probe permits HttpProbe, TcpProbe, ModelServerProbe, TlsProbe, DnsProbe, CommandProbe, PushProbe, PostgresProbe, MailProbe, SshProbe {
    CheckResult check();

    /** A probe with a redirect-following client, no push registry use and commands found on PATH. */
    static Probe of(MonitorSpec spec, HttpClient http, Clock clock) {
        return of(spec, new Context(http, http, clock, new PushRegistry(clock), null));
    }

    static Probe of(MonitorSpec spec, Context ctx) {
        return switch (spec.type()) {
            case HTTP -> new HttpProbe(spec, client(spec, ctx), ctx.clock());
            case TCP -> new TcpProbe(spec, ctx.clock());
            case MODEL_SERVER -> new ModelServerProbe(spec, ctx.http(), ctx.clock());
            case TLS -> new TlsProbe(spec, ctx.clock());
            case DNS -> new DnsProbe(spec, ctx.clock());
            case PING, SYSTEMD -> new CommandProbe(spec, ctx.commandDir(), ctx.clock());
            case PUSH -> new PushProbe(spec, ctx.push(), ctx.clock());
            case POSTGRES -> new PostgresProbe(spec, ctx.clock());
            case SMTP, IMAP -> new MailProbe(spec, ctx.clock());
            case SSH, CONTAINER -> new SshProbe(spec, ctx.inventory(), ctx.ssh(), ctx.clock());
        };
    }

    /**
     * The shared clients, or for a client certificate or private CA one of the monitor's own (kept as long as the
     * process runs; a JDK client has no per-request TLS context).
     */
    private static HttpClient client(MonitorSpec spec, Context ctx) {
        if (spec.clientCertificate() == null && spec.caFile() == null) return spec.followRedirects() ? ctx.http() : ctx.httpNoRedirects();
        return HttpClient.newBuilder().sslContext(Trust.clientContext(spec))
                .followRedirects(spec.followRedirects() ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER).build();
    }

    /**
     * What probes share.
     *
     * @param commandDir where {@code ping} and {@code systemctl} are taken from; null: the PATH
     * @param inventory  the managed hosts SSH and CONTAINER monitors run on; null: none
     * @param ssh        the pooled SSH connections to them; null: none
     */
    record Context(HttpClient http, HttpClient httpNoRedirects, Clock clock, PushRegistry push, Path commandDir,
                   dev.clawdbot.fleet.hosts.Inventory inventory, dev.clawdbot.fleet.ssh.SshPool ssh) {
        Context(HttpClient http, HttpClient httpNoRedirects, Clock clock, PushRegistry push, Path commandDir) {
            this(http, httpNoRedirects, clock, push, commandDir, null, null);
        }
    }
}
