package dev.clawdbot.siem.rules;

import dev.clawdbot.testkit.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One test per decoder and rule construct, on small inline rulesets. */
class RuleConstructsTest {

    private static final String DECODERS = """
            <decoder name="app">
              <program_name>^app$</program_name>
            </decoder>
            <decoder name="app-login">
              <parent>app</parent>
              <prematch>^login </prematch>
              <regex offset="after_prematch">^user=(\\S+) ip=(\\S+)</regex>
              <order>user, srcip</order>
            </decoder>
            <decoder name="app-login">
              <parent>app</parent>
              <regex offset="after_regex">^ dst=(\\S+) code=(\\d+)</regex>
              <order>dstip, code</order>
            </decoder>
            <decoder name="app-pcre">
              <parent>app</parent>
              <prematch type="pcre2">^job\\s</prematch>
              <regex type="pcre2">job (?P&lt;name&gt;[a-z]+) took (\\d+)ms</regex>
              <order>job, millis</order>
              <use_own_name>true</use_own_name>
            </decoder>
            """;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:15:00Z"));

    private static Ruleset ruleset(String rules) {
        return Ruleset.of(List.of(new Ruleset.SourceFile("dec.xml", DECODERS), new Ruleset.SourceFile("rules.xml", rules)),
                p -> { throw new IllegalArgumentException("no lists here"); });
    }

    private Analyzer analyzer(String rules) {
        Ruleset rs = ruleset(rules);
        assertThat(rs.problems()).isEmpty();
        return new Analyzer(rs, clock, ZoneOffset.UTC);
    }

    private static String line(String msg) {
        return "Dec  7 10:15:00 host1 app[7]: " + msg;
    }

    private static final String BASE = """
            <group name="app,">
              <rule id="100" level="0"><decoded_as>app</decoded_as><description>app</description></rule>
            """;

    @Test
    void decoderChildSiblingsAndOffsets() {
        Analyzer a = analyzer(BASE + "</group>");
        Analysis r = a.analyze(line("login user=bob ip=10.1.2.3 dst=10.9.9.9 code=7"), "f");
        assertThat(r.decoder()).isEqualTo("app");
        assertThat(r.decoderParent()).isEqualTo("app");
        assertThat(r.fields()).containsEntry("dstuser", "bob").containsEntry("srcip", "10.1.2.3")
                .containsEntry("dstip", "10.9.9.9").containsEntry("code", "7");
        assertThat(r.programName()).isEqualTo("app");
        assertThat(r.hostname()).isEqualTo("host1");
        assertThat(r.timestamp()).isEqualTo("Dec  7 10:15:00");
    }

    @Test
    void pcre2DecoderAndUseOwnName() {
        Analysis r = analyzer(BASE + "</group>").analyze(line("job backup took 1200ms"), "f");
        assertThat(r.decoder()).isEqualTo("app-pcre");
        assertThat(r.fields()).containsEntry("job", "backup").containsEntry("millis", "1200");
    }

    @Test
    void undecodedLineHasNoDecoder() {
        Analysis r = analyzer(BASE + "</group>").analyze("just some text", "f");
        assertThat(r.decoder()).isNull();
        assertThat(r.matched()).isFalse();
    }

    @Test
    void ifSidMatchRegexNegateAndLevelOrdering() {
        Analyzer a = analyzer(BASE + """
                  <rule id="101" level="3"><if_sid>100</if_sid><match>login</match><description>login</description></rule>
                  <rule id="102" level="7"><if_sid>101</if_sid><regex>code=\\d\\d\\d</regex><description>long code</description></rule>
                  <rule id="103" level="5"><if_sid>101</if_sid><match negate="yes">user=root</match><description>not root</description></rule>
                </group>""");
        assertThat(a.analyze(line("login user=bob ip=1.2.3.4 dst=1.1.1.1 code=123"), "f").ruleId()).isEqualTo(102);
        assertThat(a.analyze(line("login user=bob ip=1.2.3.4 dst=1.1.1.1 code=1"), "f").ruleId()).isEqualTo(103);
        assertThat(a.analyze(line("login user=root ip=1.2.3.4 dst=1.1.1.1 code=1"), "f").ruleId()).isEqualTo(101);
        assertThat(a.analyze(line("other"), "f").ruleId()).isEqualTo(100);
    }

    @Test
    void ifGroupAndIfLevel() {
        Analyzer a = analyzer(BASE + """
                  <rule id="101" level="4"><if_sid>100</if_sid><match>login</match><description>l</description><group>auth,</group></rule>
                  <rule id="102" level="6"><if_group>auth</if_group><user>^admin$</user><description>admin login</description></rule>
                  <rule id="103" level="9"><if_level>6</if_level><srcip>10.0.0.0/8</srcip><description>internal admin</description></rule>
                </group>""");
        assertThat(a.analyze(line("login user=admin ip=10.1.1.1 dst=1.1.1.1 code=1"), "f").ruleId()).isEqualTo(103);
        assertThat(a.analyze(line("login user=admin ip=192.0.2.1 dst=1.1.1.1 code=1"), "f").ruleId()).isEqualTo(102);
        assertThat(a.analyze(line("login user=bob ip=10.1.1.1 dst=1.1.1.1 code=1"), "f").ruleId()).isEqualTo(101);
    }

    @Test
    void srcipDstipCidrAndNegation() {
        Analyzer a = analyzer(BASE + """
                  <rule id="101" level="5"><if_sid>100</if_sid><srcip>!192.168.0.0/16</srcip><dstip>2001:db8::/32</dstip><description>x</description></rule>
                </group>""");
        assertThat(a.analyze(line("login user=u ip=203.0.113.1 dst=2001:db8::1 code=1"), "f").ruleId()).isEqualTo(101);
        assertThat(a.analyze(line("login user=u ip=192.168.3.4 dst=2001:db8::1 code=1"), "f").ruleId()).isEqualTo(100);
        assertThat(a.analyze(line("login user=u ip=203.0.113.1 dst=2001:db9::1 code=1"), "f").ruleId()).isEqualTo(100);
    }

    @Test
    void fieldProgramNameHostnameAndDescriptionSubstitution() {
        Analyzer a = analyzer(BASE + """
                  <rule id="101" level="5"><if_sid>100</if_sid><field name="code">^4\\d$</field><program_name>^app</program_name>
                    <hostname>^host1$</hostname><description>code $(code) for $(user) from $(srcip) via $(missing).</description></rule>
                </group>""");
        Analysis r = a.analyze(line("login user=eve ip=1.2.3.4 dst=5.6.7.8 code=42"), "f");
        assertThat(r.ruleId()).isEqualTo(101);
        assertThat(r.description()).isEqualTo("code 42 for eve from 1.2.3.4 via .");
        assertThat(a.analyze(line("login user=eve ip=1.2.3.4 dst=5.6.7.8 code=420"), "f").ruleId()).isEqualTo(100);
    }

    @Test
    void timeAndWeekday() {
        Analyzer a = analyzer(BASE + """
                  <rule id="101" level="5"><if_sid>100</if_sid><time>6 pm - 8:30 am</time><description>night</description></rule>
                  <rule id="102" level="4"><if_sid>100</if_sid><weekday>weekends</weekday><description>weekend</description></rule>
                </group>""");
        // 2026-12-07 is a Monday, 10:15 UTC.
        assertThat(a.analyze(line("x"), "f").ruleId()).isEqualTo(100);
        clock.advance(Duration.ofHours(10));
        assertThat(a.analyze(line("x"), "f").ruleId()).isEqualTo(101);
        clock.advance(Duration.ofDays(5).minusHours(10));
        assertThat(a.analyze(line("x"), "f").ruleId()).isEqualTo(102);
    }

    @Test
    void categoryAndDecodedAs() {
        Analyzer a = analyzer("""
                <group name="g,">
                  <rule id="200" level="3"><category>syslog</category><decoded_as>app</decoded_as><description>syslog app</description></rule>
                  <rule id="201" level="3"><category>web-log</category><description>web</description></rule>
                </group>""");
        assertThat(a.analyze(line("x"), "f").ruleId()).isEqualTo(200);
    }

    @Test
    void frequencyTimeframeIgnoreWithSameSrcipAndSameUser() {
        Analyzer a = analyzer(BASE + """
                  <rule id="101" level="3"><if_sid>100</if_sid><match>login</match><description>l</description></rule>
                  <rule id="110" level="10" frequency="3" timeframe="60" ignore="30">
                    <if_matched_sid>101</if_matched_sid><same_srcip/><same_user/><description>3 logins of $(user) from $(srcip)</description>
                  </rule>
                </group>""");
        String l = "login user=%s ip=%s dst=1.1.1.1 code=1";
        assertThat(a.analyze(line(l.formatted("bob", "1.1.1.1")), "f").ruleId()).isEqualTo(101);
        assertThat(a.analyze(line(l.formatted("bob", "2.2.2.2")), "f").ruleId()).isEqualTo(101);
        assertThat(a.analyze(line(l.formatted("amy", "1.1.1.1")), "f").ruleId()).isEqualTo(101);
        assertThat(a.analyze(line(l.formatted("bob", "1.1.1.1")), "f").ruleId()).isEqualTo(101);
        Analysis third = a.analyze(line(l.formatted("bob", "1.1.1.1")), "f");
        assertThat(third.ruleId()).isEqualTo(110);
        assertThat(third.description()).isEqualTo("3 logins of bob from 1.1.1.1");
        // Ignored for 30 s: falls back to its parent rule.
        clock.advance(Duration.ofSeconds(10));
        assertThat(a.analyze(line(l.formatted("bob", "1.1.1.1")), "f").ruleId()).isEqualTo(101);
        // Past the ignore window and still 3 within 60 s.
        clock.advance(Duration.ofSeconds(25));
        assertThat(a.analyze(line(l.formatted("bob", "1.1.1.1")), "f").ruleId()).isEqualTo(110);
        // Past the timeframe, the count starts again.
        clock.advance(Duration.ofSeconds(120));
        assertThat(a.analyze(line(l.formatted("bob", "1.1.1.1")), "f").ruleId()).isEqualTo(101);
    }

    @Test
    void ignoreIsKeptPerSourceSoOneAttackerCannotHideAnother() {
        Analyzer a = analyzer(BASE + """
                  <rule id="101" level="3"><if_sid>100</if_sid><match>login</match><description>l</description></rule>
                  <rule id="110" level="10" frequency="3" timeframe="60" ignore="60">
                    <if_matched_sid>101</if_matched_sid><same_srcip/><description>3 logins from $(srcip)</description>
                  </rule>
                </group>""");
        String l = "login user=bob ip=%s dst=1.1.1.1 code=1";
        for (int i = 0; i < 2; i++) a.analyze(line(l.formatted("1.1.1.1")), "f");
        assertThat(a.analyze(line(l.formatted("1.1.1.1")), "f").ruleId()).isEqualTo(110);
        assertThat(a.analyze(line(l.formatted("1.1.1.1")), "f").ruleId()).as("1.1.1.1 is ignored").isEqualTo(101);
        for (int i = 0; i < 2; i++) a.analyze(line(l.formatted("2.2.2.2")), "f");
        assertThat(a.analyze(line(l.formatted("2.2.2.2")), "f").ruleId()).as("2.2.2.2 is not").isEqualTo(110);
    }

    @Test
    void sameFieldAndDifferentField() {
        Analyzer a = analyzer(BASE + """
                  <rule id="101" level="3"><if_sid>100</if_sid><match>login</match><description>l</description></rule>
                  <rule id="110" level="10" frequency="3" timeframe="60">
                    <if_matched_sid>101</if_matched_sid><same_field>code</same_field><different_field>user</different_field>
                    <description>spray</description>
                  </rule>
                </group>""");
        String l = "login user=%s ip=1.1.1.1 dst=1.1.1.1 code=%s";
        a.analyze(line(l.formatted("a", "9")), "f");
        a.analyze(line(l.formatted("b", "8")), "f");
        // Earlier events count when they share the code and differ in user from the current one.
        assertThat(a.analyze(line(l.formatted("a", "9")), "f").ruleId()).isEqualTo(101);
        assertThat(a.analyze(line(l.formatted("b", "9")), "f").ruleId()).isEqualTo(110);
    }

    @Test
    void ifMatchedSidAsCorrelationWithoutFrequency() {
        Analyzer a = analyzer(BASE + """
                  <rule id="101" level="3"><if_sid>100</if_sid><match>login</match><description>login</description></rule>
                  <rule id="102" level="3"><if_sid>100</if_sid><match>logout</match><description>logout</description></rule>
                  <rule id="120" level="8" timeframe="60"><if_sid>102</if_sid><if_matched_sid>101</if_matched_sid><description>logout after login</description></rule>
                </group>""");
        assertThat(a.analyze(line("logout"), "f").ruleId()).isEqualTo(102);
        a.analyze(line("login user=u ip=1.1.1.1 dst=1.1.1.1 code=1"), "f");
        assertThat(a.analyze(line("logout"), "f").ruleId()).isEqualTo(120);
        clock.advance(Duration.ofSeconds(61));
        assertThat(a.analyze(line("logout"), "f").ruleId()).isEqualTo(102);
    }

    @Test
    void ifMatchedGroup() {
        Analyzer a = analyzer(BASE + """
                  <rule id="101" level="3"><if_sid>100</if_sid><match>login</match><description>l</description><group>authfail,</group></rule>
                  <rule id="102" level="3"><if_sid>100</if_sid><match>denied</match><description>d</description><group>authfail,</group></rule>
                  <rule id="130" level="9" frequency="2" timeframe="60"><if_matched_group>authfail</if_matched_group><description>two</description></rule>
                </group>""");
        assertThat(a.analyze(line("denied"), "f").ruleId()).isEqualTo(102);
        assertThat(a.analyze(line("login user=u ip=1.1.1.1 dst=1.1.1.1 code=1"), "f").ruleId()).isEqualTo(130);
    }

    @Test
    void overwriteNoalertOptionsGroupsAndMitre() {
        Analyzer a = analyzer(BASE + """
                  <rule id="101" level="3"><if_sid>100</if_sid><match>login</match><description>old</description></rule>
                  <rule id="101" level="12" overwrite="yes"><if_sid>100</if_sid><match>login</match><description>new</description>
                    <options>no_full_log</options><options>alert_by_email</options><group>auth,pci_dss_10.2.5,</group>
                    <mitre><id>T1078</id></mitre></rule>
                  <rule id="102" level="5" noalert="1"><if_sid>100</if_sid><match>quiet</match><description>quiet</description></rule>
                </group>""");
        Analysis r = a.analyze(line("login user=u ip=1.1.1.1 dst=1.1.1.1 code=1"), "f");
        assertThat(r.ruleId()).isEqualTo(101);
        assertThat(r.level()).isEqualTo(12);
        assertThat(r.description()).isEqualTo("new");
        assertThat(r.groups()).containsExactly("app", "auth", "pci_dss_10.2.5");
        assertThat(r.mitre()).containsExactly("T1078");
        assertThat(r.noFullLog()).isTrue();
        assertThat(r.mail()).isTrue();
        assertThat(AlertJson.of(r, "h").has("full_log")).isFalse();
        Analysis q = a.analyze(line("quiet"), "f");
        assertThat(q.ruleId()).isEqualTo(102);
        assertThat(q.alert()).isFalse();
    }

    @Test
    void cdbListLookups(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("rules"));
        Files.createDirectories(dir.resolve("lists"));
        Files.writeString(dir.resolve("decoders.xml"), DECODERS);
        Files.writeString(dir.resolve("lists/bad-ips"), "203.0.113.7:\n198.51.100:scanner\n");
        Files.writeString(dir.resolve("lists/users"), "mallory:ex-employee\n\"weird:name\":x\n");
        Files.writeString(dir.resolve("rules/local.xml"), BASE + """
                  <rule id="101" level="10"><if_sid>100</if_sid><list field="srcip" lookup="address_match_key">etc/lists/bad-ips</list><description>bad ip</description></rule>
                  <rule id="102" level="9"><if_sid>100</if_sid><list field="user" lookup="match_key_value" check_value="^ex-">etc/lists/users</list><description>ex user</description></rule>
                  <rule id="103" level="2"><if_sid>100</if_sid><list field="user" lookup="not_match_key">etc/lists/users</list><description>normal user</description></rule>
                </group>""");
        Ruleset rs = Ruleset.load(List.of(dir));
        assertThat(rs.problems()).isEmpty();
        Analyzer a = new Analyzer(rs, clock, ZoneOffset.UTC);
        assertThat(a.analyze(line("login user=x ip=203.0.113.7 dst=1.1.1.1 code=1"), "f").ruleId()).isEqualTo(101);
        assertThat(a.analyze(line("login user=x ip=198.51.100.44 dst=1.1.1.1 code=1"), "f").ruleId()).isEqualTo(101);
        assertThat(a.analyze(line("login user=mallory ip=192.0.2.1 dst=1.1.1.1 code=1"), "f").ruleId()).isEqualTo(102);
        assertThat(a.analyze(line("login user=bob ip=192.0.2.1 dst=1.1.1.1 code=1"), "f").ruleId()).isEqualTo(103);
    }

    @Test
    void levelZeroSiblingsComeFirstLikeWazuh() {
        // A level-0 grouping rule must be tried before a generic level-2 sibling, or "failed" lines would stop there.
        Analyzer a = analyzer("""
                <group name="syslog,">
                  <rule id="1" level="0"><category>syslog</category><description>template</description></rule>
                  <rule id="1002" level="2"><match>failed|error|</match><description>bad word</description></rule>
                  <rule id="5700" level="0"><decoded_as>app</decoded_as><description>app messages</description></rule>
                  <rule id="5716" level="5"><if_sid>5700</if_sid><match>failed</match><description>app failure</description></rule>
                </group>""");
        assertThat(a.analyze(line("login failed"), "f").ruleId()).isEqualTo(5716);
        assertThat(a.analyze("other host: something failed", "f").ruleId()).isEqualTo(1002);
    }

    @Test
    void varsInAttributes() {
        Analyzer a = analyzer("<var name=\"FREQ\">2</var>\n" + BASE + """
                  <rule id="101" level="3"><if_sid>100</if_sid><match>login</match><description>l</description></rule>
                  <rule id="110" level="9" frequency="$FREQ" timeframe="60"><if_matched_sid>101</if_matched_sid><description>twice</description></rule>
                </group>""");
        a.analyze(line("login"), "f");
        assertThat(a.analyze(line("login"), "f").ruleId()).isEqualTo(110);
    }

    @Test
    void varsAreSubstituted() {
        Analyzer a = analyzer("<var name=\"BAD\">evil|wicked</var>\n" + BASE + """
                  <rule id="101" level="6"><if_sid>100</if_sid><match>$BAD</match><description>bad word</description></rule>
                </group>""");
        assertThat(a.analyze(line("something wicked"), "f").ruleId()).isEqualTo(101);
    }

    @Test
    void unsupportedConstructsAreReportedWithFileAndLine() {
        Ruleset rs = ruleset(BASE + """
                  <rule id="101" level="3"><if_sid>100</if_sid><check_diff/><description>x</description></rule>
                  <rule id="102" level="3" weird="1"><if_sid>100</if_sid><description>x</description></rule>
                  <rule id="103" level="3"><if_sid>100</if_sid><regex type="pcre2">(a)\\1</regex><description>x</description></rule>
                  <rule id="104" level="3"><if_sid>100</if_sid><match type="pcre2">(?=x)y</match><description>x</description></rule>
                  <rule id="105" level="3"><if_sid>101</if_sid><description>child of a skipped rule</description></rule>
                  <rule id="106" level="3"><if_sid>100</if_sid><regex>a\\qb</regex><description>x</description></rule>
                  <rule id="100" level="3"><description>duplicate</description></rule>
                  <rule id="107" level="3"><if_sid>100</if_sid><options>no_ar</options><description>x</description></rule>
                </group>
                <foo/>""");
        assertThat(rs.problems()).extracting(Object::toString).containsExactly(
                "rules.xml:3: rule 101 <check_diff>: not supported; rule skipped",
                "rules.xml:4: rule 102 attribute weird: not supported; rule skipped",
                "rules.xml:5: rule 103 <regex>: pcre2 construct not supported by RE2 (no back-references or look-arounds): invalid escape sequence in '(a)\\1'; rule skipped",
                "rules.xml:6: rule 104 <match>: pcre2 construct not supported by RE2 (no back-references or look-arounds): invalid or unsupported Perl syntax in '(?=x)y'; rule skipped",
                "rules.xml:8: rule 106 <regex>: unsupported OS_Regex escape '\\q' in 'a\\qb'; rule skipped",
                "rules.xml:9: rule 100: duplicate id (first at rules.xml:2); use overwrite=\"yes\" to replace it; skipped",
                "rules.xml:10: rule 107 <options>: option 'no_ar' is not supported; rule skipped",
                "rules.xml:12: <foo>: not supported at top level; skipped",
                "rules.xml:7: rule 105: no loaded rule matches its if_sid/if_group/if_level/if_matched_sid/if_matched_group; rule skipped");
    }

    @Test
    void unsupportedDecoderConstructsAreReported() {
        Ruleset rs = Ruleset.of(List.of(new Ruleset.SourceFile("d.xml", """
                <decoder name="x">
                  <prematch>^x</prematch>
                  <accumulate/>
                </decoder>
                <decoder name="y">
                  <plugin_decoder>PF_Decoder</plugin_decoder>
                </decoder>
                <decoder name="z"><prematch offset="after_regex">^z</prematch></decoder>
                """), new Ruleset.SourceFile("broken.xml", "<group><rule id=\"1\"</group>")), p -> null);
        assertThat(rs.problems()).extracting(Object::toString).contains(
                "d.xml:3: decoder x <accumulate>: not supported; decoder skipped",
                "d.xml:6: decoder y <plugin_decoder>: only JSON_Decoder is supported; decoder skipped",
                "d.xml:8: decoder z <prematch>: prematch offset must be after_parent; decoder skipped");
        assertThat(rs.problems()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo("broken.xml");
            assertThat(p.construct()).isEqualTo("xml");
        });
        assertThat(rs.decoderCount()).isZero();
    }
}
