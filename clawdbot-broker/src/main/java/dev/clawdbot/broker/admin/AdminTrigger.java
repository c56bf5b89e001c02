package dev.clawdbot.broker.admin;

import java.util.Locale;

/** What started an admin agent run; it chooses the permission profile. */
public enum AdminTrigger {
    BROKER_REQUEST, TIMER, PATH, ADMIN_BOT, OPERATOR_EMAIL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code broker-request}, {@code timer}, {@code path}, {@code admin-bot} or {@code operator-email}. */
    public static AdminTrigger fromWire(String s) {
        for (AdminTrigger t : values()) if (t.wire().equals(s)) return t;
        throw new IllegalArgumentException("unknown trigger '" + s + "': use broker-request, timer, path, admin-bot or operator-email");
    }
}
