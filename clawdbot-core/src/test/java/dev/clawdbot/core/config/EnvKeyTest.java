package dev.clawdbot.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvKeyTest {

    record Server(Integer port, String name, List<Integer> ids) {
        Server {
            if (port != null && (port < 1 || port > 9999)) throw new IllegalArgumentException("server.port must be 1..9999, was " + port);
        }
    }

    record Root(Server server, Server backup) {
    }

    private static final List<EnvKey> TABLE = List.of(
            EnvKey.text("PORT", "server.port"),
            EnvKey.list("IDS", "server.ids"),
            EnvKey.text("BACKUP_PORT", "backup.port").ifUnset(),
            EnvKey.text("BACKUP_PORT", "backup.name").writing("from-backup-port").ifUnset());

    private static Root load(String yaml, Map<String, String> env) {
        return ConfigLoader.parse(yaml, "f.yaml", Root.class, env, Path.of(""), w -> { }, TABLE);
    }

    @Test
    void rowsOverrideOrFillInTableOrderAndBlankSetsNothing() {
        Root r = load("server:\n  port: 80\nbackup:\n  port: 81\n", Map.of("PORT", " 8080 ", "IDS", "1, 2,,3", "BACKUP_PORT", "90"));
        assertThat(r.server().port()).isEqualTo(8080);
        assertThat(r.server().ids()).containsExactly(1, 2, 3);
        assertThat(r.backup().port()).as("ifUnset keeps the file's value").isEqualTo(81);
        assertThat(r.backup().name()).isEqualTo("from-backup-port");
        assertThat(load("", Map.of("BACKUP_PORT", "90")).backup().port()).isEqualTo(90);
        assertThat(load("server:\n  port: 80\n", Map.of("PORT", "  ")).server().port()).isEqualTo(80);
        ConfigException taken = catchThrowableOfType(ConfigException.class, () -> load("", Map.of("X", "1", "PORT", "${X}0")));
        assertThat(taken.getMessage()).as("a value is never interpolated").isEqualTo("PORT: server.port: expected an integer, found '${X}0'");
    }

    @Test
    void aVariablesErrorIsTheFilesErrorWithTheVariableAsSource() {
        ConfigException file = catchThrowableOfType(ConfigException.class, () -> load("server:\n  port: 0\n", Map.of()));
        ConfigException env = catchThrowableOfType(ConfigException.class, () -> load("", Map.of("PORT", "0")));
        assertThat(file.getMessage()).isEqualTo("f.yaml:2:3: server.port: invalid value: server.port must be 1..9999, was 0");
        assertThat(env.getMessage()).isEqualTo("PORT: server.port: invalid value: server.port must be 1..9999, was 0");
        ConfigException item = catchThrowableOfType(ConfigException.class, () -> load("", Map.of("IDS", "1,x")));
        assertThat(item.getMessage()).isEqualTo("IDS: server.ids[1]: expected an integer, found 'x'");
    }

    @Test
    void aSectionsRecordBoundUnderAnotherKeyIsReportedUnderThatKey() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("backup:\n  port: 0\n", Map.of()));
        assertThat(e.getMessage()).isEqualTo("f.yaml:2:3: backup.port: invalid value: backup.port must be 1..9999, was 0");
    }
}
