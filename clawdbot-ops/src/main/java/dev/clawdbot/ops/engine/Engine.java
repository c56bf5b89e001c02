package dev.clawdbot.ops.engine;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The Engine API calls the ops checks make, typed; everything read is bounded by the {@link EngineClient}. */
public final class Engine {
    /** Listings beyond this are cut: a report lists what an operator can act on. */
    static final int MAX_ITEMS = 5000;

    private final EngineClient client;

    public Engine(EngineClient client) {
        this.client = client;
    }

    public boolean present() {
        return client.present();
    }

    public String socket() {
        return client.socket().toString();
    }

    /** A container from {@code /containers/json}. */
    public record Container(String id, String name, String image, String state, String status, long created) {
        public String shortId() {
            return id.length() > 12 ? id.substring(0, 12) : id;
        }
    }

    /** What {@code /containers/{id}/json} says about health and confinement. */
    public record Inspect(String id, String name, String health, int failingStreak, String lastHealthOutput, boolean restarting,
                          int restartCount, long memoryLimit, long nanoCpus, long cpuQuota, long pidsLimit, boolean readonlyRootfs,
                          List<String> capDrop, List<String> capAdd, boolean privileged) {
    }

    public record Image(String id, List<String> tags, long created, long size) {
    }

    public record Volume(String name, String driver) {
    }

    /** {@code /containers/json?all=1} (or only running ones). */
    public List<Container> containers(boolean all) throws IOException {
        return containers(all ? "/containers/json?all=1" : "/containers/json");
    }

    /** Containers that exist but do not run: exited or created, never started. */
    public List<Container> stopped() throws IOException {
        return containers("/containers/json?all=1&filters=" + enc("{\"status\":[\"exited\",\"created\",\"dead\"]}"));
    }

    private List<Container> containers(String target) throws IOException {
        List<Container> out = new ArrayList<>();
        for (JsonNode c : limit(client.get(target))) {
            String name = c.path("Names").path(0).asText("");
            out.add(new Container(c.path("Id").asText(""), name.startsWith("/") ? name.substring(1) : name, c.path("Image").asText(""),
                    c.path("State").asText(""), c.path("Status").asText(""), c.path("Created").asLong()));
        }
        return out;
    }

    public Inspect inspect(String id) throws IOException {
        JsonNode c = client.get("/containers/" + enc(id) + "/json");
        JsonNode state = c.path("State");
        JsonNode health = state.path("Health");
        JsonNode log = health.path("Log");
        String last = log.isArray() && !log.isEmpty() ? log.get(log.size() - 1).path("Output").asText("") : "";
        JsonNode hc = c.path("HostConfig");
        String name = c.path("Name").asText("");
        return new Inspect(c.path("Id").asText(id), name.startsWith("/") ? name.substring(1) : name,
                health.path("Status").asText(""), health.path("FailingStreak").asInt(), clip(last.strip(), 200),
                state.path("Restarting").asBoolean(), c.path("RestartCount").asInt(), hc.path("Memory").asLong(),
                hc.path("NanoCpus").asLong(), hc.path("CpuQuota").asLong(), hc.path("PidsLimit").asLong(),
                hc.path("ReadonlyRootfs").asBoolean(), strings(hc.path("CapDrop")), strings(hc.path("CapAdd")),
                hc.path("Privileged").asBoolean());
    }

    public List<Image> images(boolean danglingOnly) throws IOException {
        String target = danglingOnly ? "/images/json?dangling=true" : "/images/json";
        List<Image> out = new ArrayList<>();
        for (JsonNode i : limit(client.get(target))) {
            List<String> tags = strings(i.path("RepoTags")).stream().filter(t -> !t.equals("<none>:<none>")).toList();
            out.add(new Image(i.path("Id").asText(""), tags, i.path("Created").asLong(), i.path("Size").asLong()));
        }
        return out;
    }

    /** Volumes no container references. */
    public List<Volume> danglingVolumes() throws IOException {
        List<Volume> out = new ArrayList<>();
        for (JsonNode v : limit(client.get("/volumes?filters=" + enc("{\"dangling\":[\"true\"]}")).path("Volumes"))) {
            out.add(new Volume(v.path("Name").asText(""), v.path("Driver").asText("")));
        }
        return out;
    }

    /** {@code /system/df}: bytes reclaimable from unused images (not used by any container). */
    public long reclaimableImageBytes() throws IOException {
        long total = 0;
        for (JsonNode i : limit(client.get("/system/df").path("Images"))) {
            if (i.path("Containers").asLong() == 0) total += Math.max(0, i.path("Size").asLong() - Math.max(0, i.path("SharedSize").asLong()));
        }
        return total;
    }

    /** {@code POST /containers/{id}/restart?t=10}: the container gets 10 s to stop before it is killed. */
    public void restart(String idOrName) throws IOException {
        client.post("/containers/" + enc(idOrName) + "/restart?t=10");
    }

    private static List<JsonNode> limit(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        if (!array.isArray()) return out;
        for (JsonNode n : array) {
            if (out.size() >= MAX_ITEMS) break;
            out.add(n);
        }
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) array.forEach(n -> out.add(n.asText("")));
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String clip(String s, int max) {
        return s.length() > max ? s.substring(0, max) + "..." : s;
    }
}
