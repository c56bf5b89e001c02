package dev.clawdbot.fleet.monitor;

import java.net.http.HttpClient;
import java.time.Clock;

/** One kind of check. Implementations return a result for every failure rather than throwing. */
sealed interface Probe permits HttpProbe, TcpProbe, ModelServerProbe {
    CheckResult check();

    static Probe of(MonitorSpec spec, HttpClient http, Clock clock) {
        return switch (spec.type()) {
            case HTTP -> new HttpProbe(spec, http, clock);
            case TCP -> new TcpProbe(spec, clock);
            case MODEL_SERVER -> new ModelServerProbe(spec, http, clock);
        };
    }
}
