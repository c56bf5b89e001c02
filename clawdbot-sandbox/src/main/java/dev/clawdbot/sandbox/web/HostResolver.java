package dev.clawdbot.sandbox.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** DNS for {@code web_fetch}; injectable so tests decide what a name resolves to. */
@FunctionalInterface
interface HostResolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;

    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));
}
