package dev.clawdbot.ops.engine;

/** Engine API bodies as dockerd 24.0.7 returns them (trimmed to the fields that matter, ids shortened). */
public final class EngineFixtures {
    private EngineFixtures() {
    }

    public static final String WEB = "4f66ad9a0b2e1c7d2b6e4a3c1d0f9e8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1";
    public static final String WORKER = "9a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
    public static final String OLD = "0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6";

    public static final String RUNNING = """
            [{"Id":"%s","Names":["/web"],"Image":"nginx:1.25","ImageID":"sha256:a8758716bb6aa4d90071160d27028fe4eaee7ce8166221a97d30440c8eac2be6","Command":"/docker-entrypoint.sh nginx -g 'daemon off;'","Created":1700000000,"Ports":[{"IP":"0.0.0.0","PrivatePort":80,"PublicPort":8080,"Type":"tcp"}],"Labels":{},"State":"running","Status":"Up 3 days (healthy)","HostConfig":{"NetworkMode":"default"},"NetworkSettings":{"Networks":{}},"Mounts":[]},
             {"Id":"%s","Names":["/worker"],"Image":"acme/worker:2","ImageID":"sha256:b1","Command":"worker","Created":1700000100,"Ports":[],"Labels":{},"State":"running","Status":"Up 2 hours (unhealthy)","HostConfig":{"NetworkMode":"default"},"NetworkSettings":{"Networks":{}},"Mounts":[]}]
            """.formatted(WEB, WORKER);

    public static final String ALL = RUNNING.strip().substring(0, RUNNING.strip().length() - 1) + """
            ,{"Id":"%s","Names":["/old-job"],"Image":"busybox","ImageID":"sha256:c1","Command":"sh","Created":1690000000,"Ports":[],"Labels":{},"State":"exited","Status":"Exited (0) 5 weeks ago","HostConfig":{"NetworkMode":"default"},"NetworkSettings":{"Networks":{}},"Mounts":[]}]
            """.formatted(OLD);

    public static final String STOPPED = """
            [{"Id":"%s","Names":["/old-job"],"Image":"busybox","ImageID":"sha256:c1","Command":"sh","Created":1690000000,"Ports":[],"Labels":{},"State":"exited","Status":"Exited (0) 5 weeks ago","HostConfig":{"NetworkMode":"default"},"NetworkSettings":{"Networks":{}},"Mounts":[]}]
            """.formatted(OLD);

    public static String inspect(String id, String name, String health, boolean confined, boolean privileged) {
        String healthJson = health == null ? "" : """
                ,"Health":{"Status":"%s","FailingStreak":%d,"Log":[{"Start":"2026-12-07T03:59:00.1Z","End":"2026-12-07T03:59:00.2Z","ExitCode":%d,"Output":"%s"}]}"""
                .formatted(health, health.equals("unhealthy") ? 7 : 0, health.equals("unhealthy") ? 1 : 0,
                        health.equals("unhealthy") ? "curl: (7) Failed to connect to localhost port 8081: Connection refused\\n" : "ok");
        return """
                {"Id":"%s","Created":"2026-11-01T10:00:00.000000000Z","Path":"/entrypoint","Args":[],
                 "State":{"Status":"running","Running":true,"Paused":false,"Restarting":false,"OOMKilled":false,"Dead":false,"Pid":4242,"ExitCode":0,"Error":"","StartedAt":"2026-12-04T10:00:00Z","FinishedAt":"0001-01-01T00:00:00Z"%s},
                 "Image":"sha256:a8","Name":"/%s","RestartCount":0,"Driver":"overlay2",
                 "HostConfig":{"Privileged":%s,"ReadonlyRootfs":%s,"CapAdd":null,"CapDrop":%s,"Memory":%d,"NanoCpus":%d,"CpuQuota":0,"PidsLimit":%s,"RestartPolicy":{"Name":"unless-stopped","MaximumRetryCount":0}},
                 "Config":{"Hostname":"4f66ad9a0b2e","Image":"nginx:1.25"}}"""
                .formatted(id, healthJson, name, privileged, confined, confined ? "[\"ALL\"]" : "null", confined ? 268435456L : 0L,
                        confined ? 500000000L : 0L, confined ? "100" : "null");
    }

    public static final String DANGLING_IMAGES = """
            [{"Containers":-1,"Created":1690000000,"Id":"sha256:5c3f0e1d2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5","Labels":null,"ParentId":"","RepoDigests":["<none>@<none>"],"RepoTags":["<none>:<none>"],"SharedSize":-1,"Size":73400320,"VirtualSize":73400320}]
            """;

    public static final String IMAGES = """
            [{"Containers":-1,"Created":1700000000,"Id":"sha256:a8758716bb6aa4d90071160d27028fe4eaee7ce8166221a97d30440c8eac2be6","Labels":null,"ParentId":"","RepoDigests":["nginx@sha256:10d1f5b5"],"RepoTags":["nginx:1.25"],"SharedSize":-1,"Size":187000000},
             {"Containers":-1,"Created":1796000000,"Id":"sha256:b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1","Labels":null,"ParentId":"","RepoDigests":[],"RepoTags":["acme/worker:2"],"SharedSize":-1,"Size":52000000},
             {"Containers":-1,"Created":1690000000,"Id":"sha256:5c3f0e1d2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5","Labels":null,"ParentId":"","RepoDigests":["<none>@<none>"],"RepoTags":["<none>:<none>"],"SharedSize":-1,"Size":73400320}]
            """;

    public static final String DANGLING_VOLUMES = """
            {"Volumes":[{"CreatedAt":"2026-10-01T10:00:00Z","Driver":"local","Labels":null,"Mountpoint":"/var/lib/docker/volumes/3f1e9a/_data","Name":"3f1e9a","Options":null,"Scope":"local"}],"Warnings":null}
            """;

    public static final String SYSTEM_DF = """
            {"LayersSize":312400320,"Images":[
              {"Containers":1,"Created":1700000000,"Id":"sha256:a8","RepoTags":["nginx:1.25"],"SharedSize":0,"Size":187000000},
              {"Containers":1,"Created":1796000000,"Id":"sha256:b1","RepoTags":["acme/worker:2"],"SharedSize":0,"Size":52000000},
              {"Containers":0,"Created":1690000000,"Id":"sha256:5c","RepoTags":["<none>:<none>"],"SharedSize":0,"Size":73400320}],
             "Containers":[],"Volumes":[],"BuildCache":[]}
            """;

    /** The volume filter as the client sends it, URL-encoded. */
    public static final String VOLUMES_TARGET = "/volumes?filters=%7B%22dangling%22%3A%5B%22true%22%5D%7D";
    public static final String STOPPED_TARGET = "/containers/json?all=1&filters=%7B%22status%22%3A%5B%22exited%22%2C%22created%22%2C%22dead%22%5D%7D";

    /** A fake engine routed with a healthy web, an unhealthy worker and an exited job. */
    public static FakeEngine standard(java.nio.file.Path socket) throws java.io.IOException {
        return new FakeEngine(socket)
                .route("/containers/json", RUNNING.strip())
                .route("/containers/json?all=1", ALL.strip())
                .route(STOPPED_TARGET, STOPPED.strip())
                .route("/containers/" + WEB + "/json", inspect(WEB, "web", "healthy", true, false))
                .route("/containers/" + WORKER + "/json", inspect(WORKER, "worker", "unhealthy", false, false))
                .route("/containers/" + OLD + "/json", inspect(OLD, "old-job", null, false, true))
                .route("/images/json?dangling=true", DANGLING_IMAGES.strip())
                .route("/images/json", IMAGES.strip())
                .route(VOLUMES_TARGET, DANGLING_VOLUMES.strip())
                .route("/system/df", SYSTEM_DF.strip());
    }
}
