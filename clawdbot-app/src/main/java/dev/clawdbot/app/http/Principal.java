package dev.clawdbot.app.http;

import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who an API call is from, as its bearer token established: the operator (the gateway token) or the principal
 * one per-user token is bound to. Policy identities ({@code http:NAME}, {@code web:NAME}) are built from
 * {@link #name()} alone; nothing the caller sends in a request body can change it.
 *
 * @param operator true for the gateway token, which also keeps its old right to name any {@code http:}/{@code web:}
 *                 session (it is the operator's credential; give everyone else a per-user token)
 */
public record Principal(String name, Set<Scope> scopes, boolean operator) {
    /** Lower-case letters, digits, {@code . _ -}: no {@code /} or {@code :}, so no name can pose as another's session. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public static final Principal OPERATOR = new Principal("operator", EnumSet.allOf(Scope.class), true);

    public Principal {
        validName(name);
        scopes = Set.copyOf(scopes);
    }

    /** Throws with a message naming the rule when {@code name} is not a valid principal name. */
    public static String validName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("principal must be 1..64 characters of a-z 0-9 . _ - starting with a letter or digit, was '"
                    + (name == null ? "" : name.length() > 70 ? name.substring(0, 70) + "…" : name) + "'");
        }
        return name;
    }

    public boolean may(Scope scope) {
        return scopes.contains(scope);
    }
}
