package dev.clawdbot.fleet.monitor;

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
        return new Builder();
    }

    /** A builder holding this record's values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.type = type;
        b.url = url;
        b.host = host;
        b.port = port;
        b.interval = interval;
        b.retryInterval = retryInterval;
        b.timeout = timeout;
        b.retries = retries;
        b.upAfter = upAfter;
        b.renotifyEvery = renotifyEvery;
        b.expectedStatus = expectedStatus;
        b.keyword = keyword;
        b.keywordAbsent = keywordAbsent;
        b.maxResponseTime = maxResponseTime;
        b.headers = headers;
        b.jsonPath = jsonPath;
        b.jsonValue = jsonValue;
        b.followRedirects = followRedirects;
        b.warningDays = warningDays;
        b.caFile = caFile;
        b.recordType = recordType;
        b.dnsServer = dnsServer;
        b.expectedValues = expectedValues;
        b.unit = unit;
        b.pushToken = pushToken;
        b.grace = grace;
        b.database = database;
        b.user = user;
        b.password = password;
        b.startTls = startTls;
        b.shown = shown;
        b.clientCertificate = clientCertificate;
        b.clientCertificatePassword = clientCertificatePassword;
        b.modelServer = modelServer;
        b.command = command;
        b.expectedExit = expectedExit;
        b.container = container;
        return b;
    }

    /** Sets components by name; {@link #build} validates like the constructor (it calls it). */
    public static final class Builder {
        private String name;
        private MonitorType type;
        private URI url;
        private String host;
        private Integer port;
        private Duration interval;
        private Duration retryInterval;
        private Duration timeout;
        private Integer retries;
        private Integer upAfter;
        private Integer renotifyEvery;
        private List<Integer> expectedStatus;
        private String keyword;
        private Boolean keywordAbsent;
        private Duration maxResponseTime;
        private Map<String, String> headers;
        private String jsonPath;
        private String jsonValue;
        private Boolean followRedirects;
        private Integer warningDays;
        private String caFile;
        private String recordType;
        private String dnsServer;
        private List<String> expectedValues;
        private String unit;
        private String pushToken;
        private Duration grace;
        private String database;
        private String user;
        private String password;
        private Boolean startTls;
        private Boolean shown;
        private String clientCertificate;
        private String clientCertificatePassword;
        private ModelServerThresholds modelServer;
        private List<String> command;
        private List<Integer> expectedExit;
        private String container;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder type(MonitorType type) {
            this.type = type;
            return this;
        }

        public Builder url(URI url) {
            this.url = url;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(Integer port) {
            this.port = port;
            return this;
        }

        public Builder interval(Duration interval) {
            this.interval = interval;
            return this;
        }

        public Builder retryInterval(Duration retryInterval) {
            this.retryInterval = retryInterval;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder retries(Integer retries) {
            this.retries = retries;
            return this;
        }

        public Builder upAfter(Integer upAfter) {
            this.upAfter = upAfter;
            return this;
        }

        public Builder renotifyEvery(Integer renotifyEvery) {
            this.renotifyEvery = renotifyEvery;
            return this;
        }

        public Builder expectedStatus(List<Integer> expectedStatus) {
            this.expectedStatus = expectedStatus;
            return this;
        }

        public Builder keyword(String keyword) {
            this.keyword = keyword;
            return this;
        }

        public Builder keywordAbsent(Boolean keywordAbsent) {
            this.keywordAbsent = keywordAbsent;
            return this;
        }

        public Builder maxResponseTime(Duration maxResponseTime) {
            this.maxResponseTime = maxResponseTime;
            return this;
        }

        public Builder headers(Map<String, String> headers) {
            this.headers = headers;
            return this;
        }

        public Builder jsonPath(String jsonPath) {
            this.jsonPath = jsonPath;
            return this;
        }

        public Builder jsonValue(String jsonValue) {
            this.jsonValue = jsonValue;
            return this;
        }

        public Builder followRedirects(Boolean followRedirects) {
            this.followRedirects = followRedirects;
            return this;
        }

        public Builder warningDays(Integer warningDays) {
            this.warningDays = warningDays;
            return this;
        }

        public Builder caFile(String caFile) {
            this.caFile = caFile;
            return this;
        }

        public Builder recordType(String recordType) {
            this.recordType = recordType;
            return this;
        }

        public Builder dnsServer(String dnsServer) {
            this.dnsServer = dnsServer;
            return this;
        }

        public Builder expectedValues(List<String> expectedValues) {
            this.expectedValues = expectedValues;
            return this;
        }

        public Builder unit(String unit) {
            this.unit = unit;
            return this;
        }

        public Builder pushToken(String pushToken) {
            this.pushToken = pushToken;
            return this;
        }

        public Builder grace(Duration grace) {
            this.grace = grace;
            return this;
        }

        public Builder database(String database) {
            this.database = database;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder startTls(Boolean startTls) {
            this.startTls = startTls;
            return this;
        }

        public Builder shown(Boolean shown) {
            this.shown = shown;
            return this;
        }

        public Builder clientCertificate(String clientCertificate) {
            this.clientCertificate = clientCertificate;
            return this;
        }

        public Builder clientCertificatePassword(String clientCertificatePassword) {
            this.clientCertificatePassword = clientCertificatePassword;
            return this;
        }

        public Builder modelServer(ModelServerThresholds modelServer) {
            this.modelServer = modelServer;
            return this;
        }

        public Builder command(List<String> command) {
            this.command = command;
            return this;
        }

        public Builder expectedExit(List<Integer> expectedExit) {
            this.expectedExit = expectedExit;
            return this;
        }

        public Builder container(String container) {
            this.container = container;
            return this;
        }

        public MonitorSpec build() {
            return new MonitorSpec(name, type, url, host, port, interval, retryInterval, timeout, retries, upAfter,
                    renotifyEvery, expectedStatus, keyword, keywordAbsent, maxResponseTime, headers, jsonPath, jsonValue,
                    followRedirects, warningDays, caFile, recordType, dnsServer, expectedValues, unit, pushToken, grace,
                    database, user, password, startTls, shown, clientCertificate, clientCertificatePassword, modelServer,
                    command, expectedExit, container);
        }
    }
}
