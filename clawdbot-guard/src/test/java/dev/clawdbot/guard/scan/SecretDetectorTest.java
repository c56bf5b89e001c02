package dev.clawdbot.guard.scan;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretDetectorTest {

    private final SecretDetector secrets = new SecretDetector();

    private String found(String text) {
        return secrets.find(text).stream().map(s -> s.type() + "=" + s.of(text)).reduce((a, b) -> a + ";" + b).orElse("");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "key AKIAIOSFODNN7EXAMPLE here | AWS_KEY=AKIAIOSFODNN7EXAMPLE",
            "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8 | GITHUB_TOKEN=ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8",
            "glpat-abcdefghij0123456789 | GITLAB_TOKEN=glpat-abcdefghij0123456789",
            "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123 | ANTHROPIC_KEY=sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123",
            "OPENAI=sk-proj-abcdefghijklmnopqrstuvwx | OPENAI_KEY=sk-proj-abcdefghijklmnopqrstuvwx",
            "AIzaSyA1234567890abcdefghijklmnopqrstuv | GOOGLE_API_KEY=AIzaSyA1234567890abcdefghijklmnopqrstuv",
            "xoxb-1234567890-abcdefghij | SLACK_TOKEN=xoxb-1234567890-abcdefghij",
            "sk_live_abcdefghijklmnop1234 | STRIPE_KEY=sk_live_abcdefghijklmnop1234",
            "hf_abcdefghijklmnopqrstuvwxyz01234567 | HUGGINGFACE_TOKEN=hf_abcdefghijklmnopqrstuvwxyz01234567",
            "bot 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw_ ok | TELEGRAM_BOT_TOKEN=123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw_",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U | JWT=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            "postgres://app:S3cr3t-Pa55@db:5432/x | URL_PASSWORD=S3cr3t-Pa55",
            "DB_PASSWORD=\"q8Zr!2xP#m4Lw7Tv\" | ASSIGNED_SECRET=q8Zr!2xP#m4Lw7Tv",
    })
    void findsCredentialFormats(String text, String expected) {
        assertThat(found(text)).isEqualTo(expected);
    }

    @Test
    void privateKeyBlockIsRedactedWhole() {
        String text = "key:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\nbye";
        var spans = secrets.find(text);
        assertThat(spans).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo("PRIVATE_KEY");
            assertThat(s.of(text)).startsWith("-----BEGIN").endsWith("PRIVATE KEY-----").contains("b3BlbnNz");
        });
        assertThat(secrets.find("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA")).singleElement()
                .satisfies(s -> assertThat(s.end()).isEqualTo("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA".length()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "password=changeme",
            "the token expires in 3600 seconds",
            "password: aaaaaaaaaaaaaaaa",
            "see https://example.org/a:b@c",
            "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ public key is fine",
            "sk-is-a-prefix",
            "-----BEGIN PUBLIC KEY-----",
    })
    void ordinaryTextIsNotASecret(String text) {
        assertThat(found(text)).isEmpty();
    }
}
