package dev.clawdbot.app.http;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts chat sockets that have not authenticated yet, per remote address and in all, so that token-less
 * clients cannot pile up sockets: each holds a connection and a timer for up to the auth timeout (10 s).
 */
final class UnauthenticatedSockets {
    /** A browser opens one socket per tab; 16 leaves room for a user with many tabs behind one NAT address. */
    static final int PER_ADDRESS = 16;
    /** Bounds what many addresses (an IPv6 /64 has plenty) can hold together. */
    static final int TOTAL = 512;

    private final int perAddress;
    private final int total;
    private final Map<String, Integer> byAddress = new HashMap<>();
    private int count;

    UnauthenticatedSockets(int perAddress, int total) {
        this.perAddress = perAddress;
        this.total = total;
    }

    /** Counts one more socket from {@code address}; false (and nothing counted) when a cap is reached. */
    synchronized boolean tryAdd(String address) {
        int mine = byAddress.getOrDefault(address, 0);
        if (mine >= perAddress || count >= total) return false;
        byAddress.put(address, mine + 1);
        count++;
        return true;
    }

    synchronized void remove(String address) {
        Integer mine = byAddress.get(address);
        if (mine == null) return;
        if (mine <= 1) byAddress.remove(address);
        else byAddress.put(address, mine - 1);
        count--;
    }

    synchronized int count() {
        return count;
    }
}
