package dev.clawdbot.guard.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A local list of bad URLs and hosts: either one URL or host per line ({@code #} comments), or a URLhaus CSV
 * export ({@code "id","dateadded","url",...}), recognised by its quoted fields.
 */
public final class UrlBlocklist {

    private final Set<String> urls;
    private final Set<String> hosts;

    private UrlBlocklist(Set<String> urls, Set<String> hosts) {
        this.urls = Set.copyOf(urls);
        this.hosts = Set.copyOf(hosts);
    }

    public static UrlBlocklist empty() {
        return new UrlBlocklist(Set.of(), Set.of());
    }

    public static UrlBlocklist load(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read URL blocklist " + file + ": " + e.getMessage(), e);
        }
    }

    static UrlBlocklist parse(List<String> lines) {
        Set<String> urls = new HashSet<>(), hosts = new HashSet<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String entry = line;
            if (line.startsWith("\"")) {
                String[] f = line.split("\",\"", -1);
                if (f.length < 3) continue;
                entry = f[2].replace("\"", "");
            }
            entry = entry.toLowerCase(Locale.ROOT);
            if (entry.contains("://")) {
                urls.add(stripSlash(entry));
                String host = UrlScanner.hostOf(entry);
                if (host != null && (entry.endsWith(host) || entry.endsWith(host + "/"))) hosts.add(host);
            } else {
                hosts.add(entry.startsWith("*.") ? entry.substring(2) : entry);
            }
        }
        return new UrlBlocklist(urls, hosts);
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    public boolean isEmpty() {
        return urls.isEmpty() && hosts.isEmpty();
    }

    public int size() {
        return urls.size() + hosts.size();
    }

    /** True when the URL itself is listed, or its host or any parent domain of it is. */
    public boolean blocks(String url, String host) {
        if (urls.contains(stripSlash(url.toLowerCase(Locale.ROOT)))) return true;
        if (host == null) return false;
        for (String h = host; ; ) {
            if (hosts.contains(h)) return true;
            int dot = h.indexOf('.');
            if (dot < 0 || dot == h.length() - 1) return false;
            h = h.substring(dot + 1);
        }
    }
}
