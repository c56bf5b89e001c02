package dev.clawdbot.guard.scan;

import com.google.re2j.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class AsciiCaselessTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "api[_-]?key|[aA][pP][iI][_-]?[kK][eE][yY]",
            "\\p{Lu}x|\\p{Lu}[xX]",
            "\\x{a0}b|\\x{a0}[bB]",
            "\\P{L}|\\P{L}",
            "\\pLa|\\pL[aA]",
            "\\.www|\\.[wW][wW][wW]"})
    void foldsAsciiLettersOutsideClassesAndEscapes(String regex, String expected) {
        assertThat(Anchored.asciiCaseless(regex)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\\x{a0}b|\u00a0B|true",
            "\\x{a0}b|ab|false",
            "\\p{Lu}x|QX|true",
            "\\p{Lu}x|qx|false",
            "www|\u017f|false"})
    void theFoldedPatternMatchesAsJavasAsciiCaseInsensitiveMatch(String regex, String text, boolean matches) {
        assertThat(Pattern.compile(Anchored.asciiCaseless(regex)).matcher(text).find()).isEqualTo(matches);
    }
}
