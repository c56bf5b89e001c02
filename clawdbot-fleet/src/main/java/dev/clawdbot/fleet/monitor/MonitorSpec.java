package dev.clawdbot.fleet.monitor;

import dev.clawdbot.core.config.RecordBuilder;
import dev.clawdbot.core.config.Secret;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code monitors.monitors[]:} — one monitor.
 *
 * @param name            unique, lower case letters, digits, '-', '_' and '.'
 * @param type            see {@link MonitorType}
 * @param url             HTTP: the http:// or https:// URL requested with GET; MODEL_SERVER: the server's base URL
 *                        ({@code http://gpu1:8000} or {@code .../v1})
 * @param host            TCP, TLS, PING, POSTGRES, SMTP, IMAP: the host; DNS: the name looked up; SSH, CONTAINER: a
 *                        host of the inventory ({@code hosts:})
 * @param port            TCP: the port; TLS, POSTGRES, SMTP, IMAP: the port (default 443, 5432, 25, 143)
 * @param interval        time between checks while UP (default 60 s)
 * @param retryInterval   time between checks after a failure, until the state is settled (default 20 s)
 * @param timeout         a check taking longer fails (default 10 s)
 * @param retries         consecutive failures before DOWN (default 3)
 * @param upAfter         consecutive successes before UP again after DOWN (default 2)
 * @param renotifyEvery   while DOWN, notify again every this many intervals; 0 never (default 0)
 * @param expectedStatus  HTTP: accepted status codes (default any 200–299)
 * @param keyword         HTTP: text the body must contain (first 1 MiB); SSH: text stdout must contain (first 64 KiB), or must not with {@code keywordAbsent}
 * @param keywordAbsent   HTTP: true inverts the keyword check
 * @param maxResponseTime HTTP: a slower response fails (default none)
 * @param headers         HTTP and MODEL_SERVER: request headers sent with each check (e.g. an Authorization bearer)
 * @param jsonPath        HTTP: a path such as {@code $.status} or {@code $.items[0].name} into the JSON body that must exist
 * @param jsonValue       HTTP: the text the value at {@code jsonPath} must equal (default: any value)
 * @param followRedirects HTTP: false judges a 3xx response itself (default true)
 * @param warningDays     TLS: a valid certificate expiring within this many days passes with a warning (default 14)
 * @param caFile          TLS, SMTP, IMAP: PEM file of trusted CA certificates (default the JDK's trust store)
 * @param recordType      DNS: A, AAAA, CNAME, MX, NS or TXT (default A)
 * @param dnsServer       DNS: {@code host} or {@code host:port} of the server asked (default the system's resolver)
 * @param expectedValues  DNS: the exact set of record values (default: at least one record)
 * @param unit            SYSTEMD: the unit name
 * @param pushToken       PUSH: the secret in {@code /api/push/<token>}, at least 16 characters
 * @param grace           PUSH: extra silence tolerated after the interval (default 60 s)
 * @param database        POSTGRES: the database (default postgres)
 * @param user            POSTGRES: the login (default postgres)
 * @param password        POSTGRES: its password
 * @param startTls        SMTP, IMAP: also negotiate STARTTLS
 * @param clientCertificate         HTTP: PKCS#12 file with the client certificate and key presented to the server
 * @param clientCertificatePassword HTTP: its password
 * @param shown           {@code public:} true lists the monitor on the public status page (default false)
 * @param modelServer     MODEL_SERVER: the model and the /metrics thresholds (default: none, only health and models)
 * @param command         SSH: the argv run on the managed host {@code host} (a list, never a shell string)
 * @param expectedExit    SSH: accepted exit codes (default [0])
 * @param container       CONTAINER: the Docker container's name on the managed host {@code host}
 */
public record MonitorSpec(String name, MonitorType type, URI url, String host, Integer port, Duration interval,
                          Duration retryInterval, Duration timeout, Integer retries, Integer upAfter,
                          Integer renotifyEvery, List<Integer> expectedStatus, String keyword, Boolean keywordAbsent,
                          Duration maxResponseTime, Map<String, String> headers, String jsonPath, String jsonValue,
                          Boolean followRedirects, Integer warningDays, String caFile, String recordType,
                          String dnsServer, List<String> expectedValues, String unit, @Secret String pushToken,
                          Duration grace, String database, String user, @Secret String password, Boolean startTls,
                          @com.fasterxml.jackson.annotation.JsonProperty("public") Boolean shown, String clientCertificate,
                          @Secret String clientCertificatePassword, ModelServerThresholds modelServer,
                          List<String> command, List<Integer> expectedExit, String container) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    /** How soon a failed check is repeated before the monitor counts as down. */
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(20);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Failed checks in a row before DOWN, passed checks in a row before UP again. */
    public static final int DEFAULT_RETRIES = 3;
    public static final int DEFAULT_UP_AFTER = 2;

    /** The HTTP and TCP monitor with none of the other types' settings. */
    public MonitorSpec(String name, MonitorType type, URI url, String host, Integer port, Duration interval,
                       Duration retryInterval, Duration timeout, Integer retries, Integer upAfter,
                       Integer renotifyEvery, List<Integer> expectedStatus, String keyword, Boolean keywordAbsent,
                       Duration maxResponseTime, Map<String, String> headers) {
        this(name, type, url, host, port, interval, retryInterval, timeout, retries, upAfter, renotifyEvery,
                expectedStatus, keyword, keywordAbsent, maxResponseTime, headers, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** A MODEL_SERVER monitor (or any monitor of the first 16 settings) with its thresholds. */
    public MonitorSpec(String name, MonitorType type, URI url, String host, Integer port, Duration interval, Duration retryInterval,
                       Duration timeout, Integer retries, Integer upAfter, Integer renotifyEvery, List<Integer> expectedStatus,
                       String keyword, Boolean keywordAbsent, Duration maxResponseTime, Map<String, String> headers,
                       ModelServerThresholds modelServer) {
        this(name, type, url, host, port, interval, retryInterval, timeout, retries, upAfter, renotifyEvery,
                expectedStatus, keyword, keywordAbsent, maxResponseTime, headers, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, modelServer, null, null, null);
    }

    public MonitorSpec {
        if (name == null || !name.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("monitors: name must be 1-64 of a-z 0-9 . _ - (starting with a letter or digit), was " + name);
        }
        String at = "monitors." + name + ".";
        if (type == null) {
            throw new IllegalArgumentException(at + "type: missing; one of " + java.util.Arrays.toString(MonitorType.values()));
        }
        if (modelServer != null && type != MonitorType.MODEL_SERVER) throw new IllegalArgumentException(at + "modelServer: only for type MODEL_SERVER");
        if ((type == MonitorType.HTTP || type == MonitorType.MODEL_SERVER) && (url == null || url.getHost() == null
                || !("http".equals(url.getScheme()) || "https".equals(url.getScheme())))) {
            throw new IllegalArgumentException(at + "url: need an http:// or https:// URL with a host, was " + url);
        }
        SpecRules.check(at, type, host, port, jsonPath, unit, pushToken, recordType);
        SpecRules.checkRemote(at, type, command, container);
        command = command == null ? List.of() : List.copyOf(command);
        expectedExit = expectedExit == null || expectedExit.isEmpty() ? List.of(0) : List.copyOf(expectedExit);
        port = port != null ? port : SpecRules.defaultPort(type);
        followRedirects = followRedirects == null || followRedirects;
        warningDays = atLeast(at + "warningDays", warningDays, 14, 0);
        recordType = recordType == null ? "A" : recordType.toUpperCase(java.util.Locale.ROOT);
        expectedValues = expectedValues == null ? List.of() : List.copyOf(expectedValues);
        grace = grace == null ? Duration.ofSeconds(60) : grace;
        database = database == null ? "postgres" : database;
        user = user == null ? "postgres" : user;
        startTls = startTls != null && startTls;
        shown = shown != null && shown;
        if (clientCertificate != null && type != MonitorType.HTTP) {
            throw new IllegalArgumentException(at + "clientCertificate: only for HTTP monitors");
        }
        if (clientCertificate != null && !java.nio.file.Files.isReadable(java.nio.file.Path.of(clientCertificate))) {
            throw new IllegalArgumentException(at + "clientCertificate: cannot read " + clientCertificate);
        }
        interval = positive(at + "interval", interval, DEFAULT_INTERVAL);
        retryInterval = positive(at + "retryInterval", retryInterval, DEFAULT_RETRY_INTERVAL);
        timeout = positive(at + "timeout", timeout, DEFAULT_TIMEOUT);
        retries = atLeast(at + "retries", retries, DEFAULT_RETRIES, 1);
        upAfter = atLeast(at + "upAfter", upAfter, DEFAULT_UP_AFTER, 1);
        renotifyEvery = atLeast(at + "renotifyEvery", renotifyEvery, 0, 0);
        expectedStatus = expectedStatus == null ? List.of() : List.copyOf(expectedStatus);
        for (int s : expectedStatus) {
            if (s < 100 || s > 599) throw new IllegalArgumentException(at + "expectedStatus: " + s + " is not an HTTP status");
        }
        if (keyword != null && keyword.isEmpty()) throw new IllegalArgumentException(at + "keyword: empty");
        keywordAbsent = keywordAbsent != null && keywordAbsent;
        if (keywordAbsent && keyword == null) throw new IllegalArgumentException(at + "keywordAbsent: needs a keyword");
        if (maxResponseTime != null && (maxResponseTime.isNegative() || maxResponseTime.isZero())) {
            throw new IllegalArgumentException(at + "maxResponseTime: must be positive");
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** Whether {@code status} passes: the listed codes, or any 2xx when none are listed. */
    boolean accepts(int status) {
        return expectedStatus.isEmpty() ? status >= 200 && status < 300 : expectedStatus.contains(status);
    }

    private static Duration positive(String key, Duration d, Duration dflt) {
        if (d == null) return dflt;
        if (d.toMillis() < 10) throw new IllegalArgumentException(key + ": must be at least 10 ms, was " + d);
        return d;
    }

    private static int atLeast(String key, Integer v, int dflt, int min) {
        if (v == null) return dflt;
        if (v < min) throw new IllegalArgumentException(key + ": must be at least " + min + ", was " + v);
        return v;
    }

    /** A builder with every component unset (null), so each takes the default this record gives it. */
    public static Builder builder() {
        return new Builder(null);
    }

    /** A builder holding this record's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Sets components by name; {@link #build} validates like the constructor (it calls it). */
    public static final class Builder extends RecordBuilder<MonitorSpec, Builder> {
        private Builder(MonitorSpec from) {
            super(MonitorSpec.class, from);
        }

        public Builder name(String name) { return set("name", name); }
        public Builder type(MonitorType type) { return set("type", type); }
        public Builder url(URI url) { return set("url", url); }
        public Builder host(String host) { return set("host", host); }
        public Builder port(Integer port) { return set("port", port); }
        public Builder interval(Duration interval) { return set("interval", interval); }
        public Builder retryInterval(Duration retryInterval) { return set("retryInterval", retryInterval); }
        public Builder timeout(Duration timeout) { return set("timeout", timeout); }
        public Builder retries(Integer retries) { return set("retries", retries); }
        public Builder upAfter(Integer upAfter) { return set("upAfter", upAfter); }
        public Builder renotifyEvery(Integer renotifyEvery) { return set("renotifyEvery", renotifyEvery); }
        public Builder expectedStatus(List<Integer> expectedStatus) { return set("expectedStatus", expectedStatus); }
        public Builder keyword(String keyword) { return set("keyword", keyword); }
        public Builder keywordAbsent(Boolean keywordAbsent) { return set("keywordAbsent", keywordAbsent); }
        public Builder maxResponseTime(Duration maxResponseTime) { return set("maxResponseTime", maxResponseTime); }
        public Builder headers(Map<String, String> headers) { return set("headers", headers); }
        public Builder jsonPath(String jsonPath) { return set("jsonPath", jsonPath); }
        public Builder jsonValue(String jsonValue) { return set("jsonValue", jsonValue); }
        public Builder followRedirects(Boolean followRedirects) { return set("followRedirects", followRedirects); }
        public Builder warningDays(Integer warningDays) { return set("warningDays", warningDays); }
        public Builder caFile(String caFile) { return set("caFile", caFile); }
        public Builder recordType(String recordType) { return set("recordType", recordType); }
        public Builder dnsServer(String dnsServer) { return set("dnsServer", dnsServer); }
        public Builder expectedValues(List<String> expectedValues) { return set("expectedValues", expectedValues); }
        public Builder unit(String unit) { return set("unit", unit); }
        public Builder pushToken(String pushToken) { return set("pushToken", pushToken); }
        public Builder grace(Duration grace) { return set("grace", grace); }
        public Builder database(String database) { return set("database", database); }
        public Builder user(String user) { return set("user", user); }
        public Builder password(String password) { return set("password", password); }
        public Builder startTls(Boolean startTls) { return set("startTls", startTls); }
        public Builder shown(Boolean shown) { return set("shown", shown); }
        public Builder clientCertificate(String clientCertificate) { return set("clientCertificate", clientCertificate); }
        public Builder clientCertificatePassword(String clientCertificatePassword) { return set("clientCertificatePassword", clientCertificatePassword); }
        public Builder modelServer(ModelServerThresholds modelServer) { return set("modelServer", modelServer); }
        public Builder command(List<String> command) { return set("command", command); }
        public Builder expectedExit(List<Integer> expectedExit) { return set("expectedExit", expectedExit); }
        public Builder container(String container) { return set("container", container); }
    }
}
