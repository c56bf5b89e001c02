package dev.clawdbot.broker;

import dev.clawdbot.broker.request.HostChangeRequest;
import dev.clawdbot.broker.request.ProposedAction;
import dev.clawdbot.broker.request.RequestCodec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Golden values taken from the 12-field record before it became a sealed interface: the canonical JSON (what is
 * stored and what the approval hash binds to), its SHA-256, the request file and the one-line description of every
 * action type. An approval given before an upgrade must still match the same actions after it.
 */
class ProposedActionGoldenTest {

    static Stream<Arguments> actions() {
        return Stream.of(
                Arguments.of("{\"type\":\"command\",\"argv\":[\"systemctl\",\"restart\",\"nginx\"]}",
                        "[{\"argv\":[\"systemctl\",\"restart\",\"nginx\"],\"host\":\"local\",\"type\":\"command\"}]",
                        "742f1fcf29798d74365a1ec2627c7f6c7c6e8094563e3ac381235a90854cdd2b",
                        "run systemctl restart nginx"),
                Arguments.of("{\"host\":\"web1\",\"type\":\"command\",\"argv\":[\"echo\",\"a b\",\"it's\"]}",
                        "[{\"argv\":[\"echo\",\"a b\",\"it's\"],\"host\":\"web1\",\"type\":\"command\"}]",
                        "3a48e9160b493a223cdd62827018225b70cc337cc66d992e4a7df3bd17d202d0",
                        "run echo 'a b' 'it'\\''s' on web1"),
                Arguments.of("{\"type\":\"file\",\"path\":\"/etc/motd\",\"content\":\"hello\\n\",\"mode\":\"0644\"}",
                        "[{\"content\":\"hello\\n\",\"host\":\"local\",\"mode\":\"0644\",\"operation\":\"write\",\"path\":\"/etc/motd\",\"type\":\"file\"}]",
                        "14f8ad1eb645bb046fc1362a4a594ac2e0f96a30e3c5b30606260d6b04e35c68",
                        "write file /etc/motd mode 0644 (6 chars, sha256 5891b5b522d5df08…)"),
                Arguments.of("{\"type\":\"file\",\"path\":\"/srv/a.txt\",\"content\":\"x\",\"host\":\"db-2.example.org\"}",
                        "[{\"content\":\"x\",\"host\":\"db-2.example.org\",\"operation\":\"write\",\"path\":\"/srv/a.txt\",\"type\":\"file\"}]",
                        "766d20fbb488c5ecb0efe88474d2d549e3d7c32a79cd77257eeb97601d4ca12d",
                        "write file /srv/a.txt (1 chars, sha256 2d711642b726b044…) on db-2.example.org"),
                Arguments.of("{\"type\":\"file\",\"operation\":\"delete\",\"path\":\"/tmp/old\"}",
                        "[{\"host\":\"local\",\"operation\":\"delete\",\"path\":\"/tmp/old\",\"type\":\"file\"}]",
                        "6e0ce532b45c4a8b665fa974b63843661b35a1874dd2912537fa70411cde20e1",
                        "delete file /tmp/old"),
                Arguments.of("{\"type\":\"container\",\"container\":\"web\",\"operation\":\"restart\"}",
                        "[{\"container\":\"web\",\"host\":\"local\",\"operation\":\"restart\",\"type\":\"container\"}]",
                        "87d7f594aa6acd2befcae11c38b157ea3bb73b7c9187e40ac5e687b94f90d25c",
                        "restart container web"),
                Arguments.of("{\"type\":\"container\",\"container\":\"redis\",\"operation\":\"pull\",\"host\":\"web1\"}",
                        "[{\"container\":\"redis\",\"host\":\"web1\",\"operation\":\"pull\",\"type\":\"container\"}]",
                        "ecf97dc1ae4ca512c4082a51e478d0fc09b874d7b4bc8080d0f915ffcb11f1a6",
                        "pull container redis on web1"),
                Arguments.of("{\"type\":\"mail\",\"to\":[\"Ops@Example.org\"],\"subject\":\"Hi\",\"body\":\"Line 1\\nLine 2\"}",
                        "[{\"body\":\"Line 1\\nLine 2\",\"host\":\"local\",\"subject\":\"Hi\",\"to\":[\"ops@example.org\"],\"type\":\"mail\"}]",
                        "9a25915a19e15e4652ffd6c02462c160d3362f7951dace521f68901f25e7a822",
                        "send mail to ops@example.org subject \"Hi\" body \"Line 1\\nLine 2\""),
                Arguments.of("{\"type\":\"mail\",\"to\":[\"a@example.org\",\"b@example.org\"],\"cc\":[\"c@example.org\"],\"subject\":\"S\",\"body\":\"B\",\"host\":\"local\"}",
                        "[{\"body\":\"B\",\"cc\":[\"c@example.org\"],\"host\":\"local\",\"subject\":\"S\",\"to\":[\"a@example.org\",\"b@example.org\"],\"type\":\"mail\"}]",
                        "b8318f283b699d5ceb114ddff99ae2cf34716f6cb4adae8a2661199b5f0b679d",
                        "send mail to a@example.org, b@example.org (cc c@example.org) subject \"S\" body \"B\""),
                Arguments.of("{\"type\":\"mail\",\"to\":[\"a@example.org\"],\"cc\":[],\"subject\":\"S\",\"body\":\"B\"}",
                        "[{\"body\":\"B\",\"host\":\"local\",\"subject\":\"S\",\"to\":[\"a@example.org\"],\"type\":\"mail\"}]",
                        "b578736fb5a2c9cd87ffafc0ead2e6b16c5415d89263a892d3a6b765c273cfe6",
                        "send mail to a@example.org subject \"S\" body \"B\""));
    }

    @ParameterizedTest
    @MethodSource("actions")
    void canonicalJsonHashAndDescriptionAreUnchanged(String input, String json, String hash, String describe) {
        List<ProposedAction> parsed = RequestCodec.actionsFromJson("[" + input + "]");
        assertThat(RequestCodec.actionsJson(parsed)).isEqualTo(json);
        assertThat(RequestCodec.hash(parsed)).isEqualTo(hash);
        assertThat(parsed.getFirst().describe()).isEqualTo(describe);
        assertThat(RequestCodec.actionsFromJson(json)).isEqualTo(parsed);
    }

    @ParameterizedTest
    @MethodSource("actions")
    void theRequestFileCarriesTheSameActions(String input, String json, String hash, String describe) {
        HostChangeRequest r = RequestCodec.parse(("{\"requester\":\"agent:main\",\"summary\":\"s\",\"rationale\":\"r\",\"actions\":[" + input + "]}")
                .getBytes(StandardCharsets.UTF_8));
        String file = new String(RequestCodec.write(r), StandardCharsets.UTF_8);
        assertThat(RequestCodec.parse(file.getBytes(StandardCharsets.UTF_8))).isEqualTo(r);
        assertThat(RequestCodec.hash(r.actions())).isEqualTo(hash);
    }

    @org.junit.jupiter.api.Test
    void aWholeRequestFileIsUnchanged() {
        String in = "{\"requester\":\"agent:main\",\"summary\":\"s\",\"rationale\":\"r\",\"actions\":["
                + "{\"type\":\"command\",\"argv\":[\"uptime\"]},{\"type\":\"file\",\"path\":\"/etc/motd\",\"content\":\"hi\",\"mode\":\"600\"},"
                + "{\"type\":\"container\",\"container\":\"web\",\"operation\":\"stop\"},{\"type\":\"mail\",\"to\":[\"a@example.org\"],\"subject\":\"S\",\"body\":\"B\"}]}";
        String file = new String(RequestCodec.write(RequestCodec.parse(in.getBytes(StandardCharsets.UTF_8))), StandardCharsets.UTF_8);
        assertThat(file).isEqualTo("{\n  \"actions\" : [ {\n    \"argv\" : [ \"uptime\" ],\n    \"host\" : \"local\",\n    \"type\" : \"command\"\n  }, {\n    \"content\" : \"hi\",\n    \"host\" : \"local\",\n    \"mode\" : \"600\",\n    \"operation\" : \"write\",\n    \"path\" : \"/etc/motd\",\n    \"type\" : \"file\"\n  }, {\n    \"container\" : \"web\",\n    \"host\" : \"local\",\n    \"operation\" : \"stop\",\n    \"type\" : \"container\"\n  }, {\n    \"body\" : \"B\",\n    \"host\" : \"local\",\n    \"subject\" : \"S\",\n    \"to\" : [ \"a@example.org\" ],\n    \"type\" : \"mail\"\n  } ],\n  \"rationale\" : \"r\",\n  \"requester\" : \"agent:main\",\n  \"session\" : null,\n  \"summary\" : \"s\",\n  \"urgency\" : \"NORMAL\"\n}");
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("{\"argv\":[\"ls\"]}", "action.type is required (command, file, container or mail)"),
                Arguments.of("{\"type\":\"shell\",\"argv\":[\"ls\"]}", "action.type must be command, file, container or mail, was shell"),
                Arguments.of("{\"type\":\"command\"}", "command action needs a non-empty argv"),
                Arguments.of("{\"type\":\"command\",\"argv\":[]}", "command action needs a non-empty argv"),
                Arguments.of("{\"type\":\"command\",\"argv\":[\"a\\u0000b\"]}", "command argv contains a NUL byte"),
                Arguments.of("{\"type\":\"command\",\"argv\":[\"ls\"],\"path\":\"/x\"}", "command action takes only host and argv"),
                Arguments.of("{\"type\":\"command\",\"argv\":[\"ls\"],\"subject\":\"x\"}", "command action does not take to, cc, subject or body (those are for mail)"),
                Arguments.of("{\"type\":\"command\",\"argv\":[\"ls\"],\"host\":\"bad host\"}", "action.host is not a host name: bad host"),
                Arguments.of("{\"type\":\"file\",\"path\":\"etc/motd\",\"content\":\"x\"}", "file action needs an absolute path without '..', was etc/motd"),
                Arguments.of("{\"type\":\"file\",\"path\":\"/etc/../x\",\"content\":\"x\"}", "file action needs an absolute path without '..', was /etc/../x"),
                Arguments.of("{\"type\":\"file\",\"path\":\"/etc/x\"}", "file write needs content"),
                Arguments.of("{\"type\":\"file\",\"path\":\"/etc/x\",\"operation\":\"chmod\"}", "file action.operation must be write or delete, was chmod"),
                Arguments.of("{\"type\":\"file\",\"path\":\"/etc/x\",\"content\":\"x\",\"mode\":\"rwx\"}", "file action.mode must be octal like 0644, was rwx"),
                Arguments.of("{\"type\":\"file\",\"path\":\"/etc/x\",\"content\":\"x\",\"container\":\"c\"}", "file action takes host, path, operation, content and mode"),
                Arguments.of("{\"type\":\"container\",\"operation\":\"stop\"}", "container action needs a container name, was null"),
                Arguments.of("{\"type\":\"container\",\"container\":\"web\",\"operation\":\"kill\"}", "container action.operation must be one of *"),
                Arguments.of("{\"type\":\"container\",\"container\":\"web\",\"operation\":\"stop\",\"argv\":[\"x\"]}", "container action takes host, container and operation"),
                Arguments.of("{\"type\":\"mail\",\"host\":\"web1\",\"to\":[\"a@example.org\"],\"subject\":\"S\",\"body\":\"B\"}", "mail action is sent by the broker; host must be local, was web1"),
                Arguments.of("{\"type\":\"mail\",\"to\":[\"a@example.org\"],\"subject\":\"S\",\"body\":\"B\",\"operation\":\"x\"}", "mail action takes to, cc, subject and body"),
                Arguments.of("{\"type\":\"mail\",\"subject\":\"S\",\"body\":\"B\"}", "mail action.to is required"),
                Arguments.of("{\"type\":\"mail\",\"to\":[],\"subject\":\"S\",\"body\":\"B\"}", "mail action.to needs at least one address"),
                Arguments.of("{\"type\":\"mail\",\"to\":[\"Bob <b@example.org>\"],\"subject\":\"S\",\"body\":\"B\"}", "mail action.to: not a single valid address (expected a bare address like name@example.org)"),
                Arguments.of("{\"type\":\"mail\",\"to\":[\"a@example.org\\r\\nBcc: x@example.org\"],\"subject\":\"S\",\"body\":\"B\"}", "mail action.to contains a control character (CR, LF, NUL ...)"),
                Arguments.of("{\"type\":\"mail\",\"to\":[\"a@example.org\"],\"body\":\"B\"}", "mail action.subject is required"),
                Arguments.of("{\"type\":\"mail\",\"to\":[\"a@example.org\"],\"subject\":\"S\\nX\",\"body\":\"B\"}", "mail action.subject must be one line of at most 300 characters (no CR, LF or NUL)"),
                Arguments.of("{\"type\":\"mail\",\"to\":[\"a@example.org\"],\"subject\":\"S\"}", "mail action.body is required"),
                Arguments.of("{\"type\":\"command\",\"argv\":[\"ls\"],\"colour\":\"red\"}", "invalid request JSON: Unrecognized field \"colour\" at line 1, column 115"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidActionsAreRefusedWithTheSameMessage(String input, String message) {
        String file = "{\"requester\":\"agent:main\",\"summary\":\"s\",\"rationale\":\"r\",\"actions\":[" + input + "]}";
        assertThatThrownBy(() -> RequestCodec.parse(file.getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class).satisfies(e -> {
            if (message.endsWith("*")) assertThat(e).hasMessageStartingWith(message.substring(0, message.length() - 1));
            else assertThat(e).hasMessage(message);
        });
    }

    static Stream<String> names() {
        return Stream.of("web1", "a", "db-2.example.org", "-web", ".web", "web_1", "web 1", "wéb", "web\n", "Web.1-x", "_x", "x_",
                "a".repeat(128), "a".repeat(129), "a".repeat(253), "a".repeat(254), "644", "0644", "0999", "1644", "064", "06440", "0o644",
                "x=1", "a,b", "@%+:", "it's", "a/b.c");
    }

    /** The checks are plain code (requester text never meets java.util.regex); they accept exactly what the old patterns did. */
    @ParameterizedTest
    @MethodSource("names")
    void namesModesAndQuotingAcceptExactlyWhatTheOldPatternsDid(String s) {
        String q = s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        assertThat(accepted("{\"type\":\"command\",\"argv\":[\"ls\"],\"host\":\"" + q + "\"}"))
                .isEqualTo(s.matches("[A-Za-z0-9][A-Za-z0-9.\\-]{0,252}"));
        assertThat(accepted("{\"type\":\"container\",\"container\":\"" + q + "\",\"operation\":\"stop\"}"))
                .isEqualTo(s.matches("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,127}"));
        assertThat(accepted("{\"type\":\"file\",\"path\":\"/x\",\"content\":\"x\",\"mode\":\"" + q + "\"}"))
                .isEqualTo(s.matches("0?[0-7]{3}"));
        assertThat(ProposedAction.command(s).describe().equals("run " + s)).isEqualTo(s.matches("[A-Za-z0-9_./=:,+@%-]+"));
    }

    private static boolean accepted(String action) {
        try {
            RequestCodec.actionsFromJson("[" + action + "]");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
