package dev.clawdbot.sandbox.web;

import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.sandbox.WebConfig;

import java.net.InetAddress;
import java.time.Clock;
import java.util.Set;

/** The real {@code web_fetch} with its SSRF guard opened for loopback only, for tests in other modules. */
public final class LoopbackWebFetch {

    private LoopbackWebFetch() {
    }

    public static Tool tool(EventSink events, Clock clock) {
        return new WebTools(WebConfig.defaults(), new AddressGuard(Set.of(InetAddress.getLoopbackAddress())), HostResolver.SYSTEM, events, clock)
                .all().getFirst();
    }
}
