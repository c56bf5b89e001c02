package dev.clawdbot.app;

import dev.clawdbot.testkit.llm.FakeModelServer;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The environment of a test gateway: data dir under {@code dir}, any free port, a fixed token, the fake model. */
final class GatewayEnv {
    private GatewayEnv() {
    }

    /** A mutable map, so a test can add or override variables. */
    static Map<String, String> of(Path dir, String token, FakeModelServer model) {
        Map<String, String> env = new HashMap<>();
        env.put("CLAWDBOT_DATA", dir.resolve("data").toString());
        env.put("CLAWDBOT_PORT", "0");
        env.put("CLAWDBOT_GATEWAY_TOKEN", token);
        env.put("CLAWDBOT_MODEL", "openai/fake-model");
        env.put("OPENAI_BASE_URL", model.openAiBaseUrl());
        return env;
    }

    /** The same with {@code CLAWDBOT_CONFIG} pointing at {@code yaml}. */
    static Map<String, String> of(Path dir, String token, FakeModelServer model, Path yaml) {
        Map<String, String> env = of(dir, token, model);
        env.put("CLAWDBOT_CONFIG", yaml.toString());
        return env;
    }
}
