package dev.clawdbot.app.http;

/**
 * A refusal rendered in OpenAI's error shape {@code {"error":{"message","type","param","code"}}}, so OpenAI
 * client libraries raise their usual exception types. Messages never contain the token or request text.
 */
final class ApiError extends RuntimeException {
    private final int status;
    private final String type;
    private final String code;
    private final String param;

    ApiError(int status, String type, String code, String param, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    static ApiError badRequest(String param, String message) {
        return new ApiError(400, "invalid_request_error", "invalid_value", param, message);
    }

    static ApiError unauthorized() {
        return new ApiError(401, "invalid_request_error", "invalid_api_key", null,
                "Missing or invalid bearer token: send 'Authorization: Bearer <gateway token>'.");
    }

    static ApiError forbidden(Scope scope) {
        return new ApiError(403, "invalid_request_error", "insufficient_scope", null,
                "This token lacks the '" + scope.wire() + "' scope (clawdbot tokens create --scope " + scope.wire() + ").");
    }

    static ApiError notFound(String param, String message) {
        return new ApiError(404, "invalid_request_error", "not_found", param, message);
    }

    static ApiError tooLarge(long limit) {
        return new ApiError(413, "invalid_request_error", "request_too_large", null,
                "Request body exceeds the limit of " + limit + " bytes (http.maxBodyBytes).");
    }

    static ApiError busy(int limit) {
        return new ApiError(429, "rate_limit_error", "too_many_streams", null,
                "All " + limit + " stream slots are in use (http.maxConcurrentStreams); retry shortly.");
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    String code() {
        return code;
    }

    String param() {
        return param;
    }
}
