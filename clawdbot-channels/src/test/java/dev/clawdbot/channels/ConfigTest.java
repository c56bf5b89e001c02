package dev.clawdbot.channels;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTest {
    @Test
    void yamlBindsWithDefaultsAndPreciseErrors() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).registerModule(new JavaTimeModule());
        TelegramConfig c = yaml.readValue("""
                botToken: "1:secret"
                allowFrom: [1111]
                allowGroups: [-100123]
                parseMode: MARKDOWN_V2
                perChatInterval: PT2S
                """, TelegramConfig.class);
        assertThat(c.parseMode()).isEqualTo(TelegramConfig.ParseMode.MARKDOWN_V2);
        assertThat(c.perChatInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.pollTimeoutSeconds()).isEqualTo(30);
        assertThat(c.typingInterval()).isEqualTo(Duration.ofSeconds(4));
        assertThatThrownBy(() -> TelegramConfig.builder().botToken("1:x").mode(TelegramConfig.Mode.WEBHOOK).webhookUrl("https://h/x")
                .build()).hasMessageContaining("telegram.webhookSecret is required");
        assertThatThrownBy(() -> TelegramConfig.of("1:x", "ftp://x", null)).hasMessageContaining("telegram.apiBaseUrl");
        assertThatThrownBy(() -> TelegramConfig.builder().botToken("1:x").allowGroups(List.of(5L)).build()).hasMessageContaining("telegram.allowGroups");
        assertThatThrownBy(() -> VoiceConfig.builder().ttsEngine(VoiceConfig.TtsEngine.ELEVENLABS).ttsApiKey("k").build())
                .hasMessageContaining("voice.ttsVoice");
        assertThatThrownBy(() -> new MailConfig(null, null, null, "22:00", null, null, null, null, null, null, null, null, null))
                .hasMessageContaining("mail.quietStart and mail.quietEnd");
        assertThatThrownBy(() -> new MailConfig(null, null, null, null, null, null, null, Duration.ofMinutes(29), null, null, null, null, null))
                .hasMessageContaining("under 29 minutes");
        assertThatThrownBy(() -> new MailConfig.Mailbox("work", "h", null, null, "u", null, null, null, null))
                .hasMessageContaining("password (app password), oauth2 (refresh token) or oauth2Token");
    }

    @Test
    void behavioursFileKeepsOtherLinesAndReplacesAtomically(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        BehavioursFile f = new BehavioursFile(dir, "dakota");
        java.nio.file.Files.createDirectories(f.path().getParent());
        java.nio.file.Files.writeString(f.path(), "# Learned behaviours\n- greet in Dutch: yes\n- voice replies: never\n");
        f.setVoiceReplies(VoiceConfig.ReplyMode.ALWAYS);
        assertThat(java.nio.file.Files.readString(f.path())).isEqualTo("# Learned behaviours\n- greet in Dutch: yes\n- voice replies: always\n");
        assertThat(new BehavioursFile(dir, "dakota").voiceReplies()).contains(VoiceConfig.ReplyMode.ALWAYS);
        try (var s = java.nio.file.Files.list(f.path().getParent())) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("behaviours.md");
        }
        assertThatThrownBy(() -> new BehavioursFile(dir, "../etc")).hasMessageContaining("invalid agent id");
        assertThatThrownBy(() -> f.set("k", "two\nlines")).isInstanceOf(IllegalArgumentException.class);
    }
}
