package dev.runneriq.formats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrintableTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "plain text stays | deploy-prod on main | deploy-prod on main",
        "letters of any script stay | déploiement 配置 ✓ | déploiement 配置 ✓",
        "escape sequence | a<1b>[2Jb | a\\x1b[2Jb",
        "carriage return and line feed | a<0d><0a>1. fake | a\\x0d\\x0a1. fake",
        "tab and bell | a<09>b<07> | a\\x09b\\x07",
        "delete and C1 | a<7f>b<9b>c<85> | a\\x7fb\\x9bc\\x85",
        "line and paragraph separators | a<2028>b<2029> | a\\u2028b\\u2029",
        "bidi override | main<202e>txt.exe | main\\u202etxt.exe",
        "bidi isolate | a<2066>b<2069> | a\\u2066b\\u2069",
        "bidi marks | a<200f><200e><061c> | a\\u200f\\u200e\\u061c",
        "lone surrogate | a<d800>b | a\\ud800b",
        "a pair of surrogates is a character | a<d83d><de80>b | a\ud83d\ude80b",
      })
  void escapesWhatATerminalActsOn(String name, String raw, String shown) {
    assertThat(Printable.escape(decode(raw))).isEqualTo(shown);
  }

  @Test
  void clipKeepsAShortValueAndCutsALongOneSayingHowLong() {
    assertThat(Printable.clip("URGENT")).isEqualTo("URGENT");
    assertThat(Printable.clip("a\u001bb")).isEqualTo("a\\x1bb");
    assertThat(Printable.clip("x".repeat(200))).isEqualTo("x".repeat(200));
    assertThat(Printable.clip("x".repeat(2_000_000)))
        .isEqualTo("x".repeat(200) + "… (2000000 chars)");
    assertThat(Printable.clip("🚀".repeat(300))).isEqualTo("🚀".repeat(200) + "… (300 chars)");
  }

  /** {@code <1b>} in a table cell stands for the character U+001B. */
  private static String decode(String cell) {
    var out = new StringBuilder();
    var m = java.util.regex.Pattern.compile("<([0-9a-f]{2,4})>").matcher(cell);
    while (m.find()) {
      m.appendReplacement(out, "");
      out.append((char) Integer.parseInt(m.group(1), 16));
    }
    m.appendTail(out);
    return out.toString();
  }
}
