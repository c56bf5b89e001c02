package dev.clawdbot.broker.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The request file format and the canonical form of actions. The canonical form (keys sorted, nulls
 * omitted, no whitespace) is what an approval's SHA-256 binds to, so any change to an action, however
 * small, needs a new approval.
 */
public final class RequestCodec {

    public static final int MAX_FILE_BYTES = 256 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private RequestCodec() {
    }

    /** Parses and validates a request; the exception message says what is wrong, for the reason file. */
    public static HostChangeRequest parse(byte[] json) {
        if (json.length > MAX_FILE_BYTES) throw new IllegalArgumentException("request file larger than " + MAX_FILE_BYTES + " bytes");
        try {
            HostChangeRequest r = MAPPER.readValue(json, HostChangeRequest.class);
            if (r == null) throw new IllegalArgumentException("request file is empty or null");
            return r;
        } catch (ValueInstantiationException e) {
            Throwable c = e.getCause();
            throw new IllegalArgumentException(c != null && c.getMessage() != null ? c.getMessage() : e.getOriginalMessage());
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("invalid request JSON: Unrecognized field \"" + e.getPropertyName() + "\"" + at(e));
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the offending token; a file that is not JSON (another user's secret
            // behind a link, say) would have its first word copied into the reason file. Only where, never what.
            throw new IllegalArgumentException("invalid request JSON (" + (e instanceof com.fasterxml.jackson.core.JsonParseException
                    ? "not JSON syntax" : "wrong shape for a request") + ")" + at(e));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read request: " + e.getMessage());
        }
    }

    private static String at(JsonProcessingException e) {
        return e.getLocation() != null ? " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() : "";
    }

    public static byte[] write(HostChangeRequest r) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize request", e);
        }
    }

    public static String actionsJson(List<ProposedAction> actions) {
        try {
            return MAPPER.writeValueAsString(actions);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize actions", e);
        }
    }

    public static List<ProposedAction> actionsFromJson(String json) {
        try {
            return MAPPER.readValue(json, TypeFactory.defaultInstance().constructCollectionType(List.class, ProposedAction.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid actions JSON: " + e.getOriginalMessage());
        }
    }

    /** SHA-256 (hex) of the canonical JSON of the actions. */
    public static String hash(List<ProposedAction> actions) {
        return sha256(actionsJson(actions));
    }

    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
