package dev.runneriq.app.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format (0.0.4): HELP and TYPE comments, and
 * samples {@code name{label="value",...} value [timestamp]} with escaped label values. Throws on
 * any line that does not follow the grammar, or a sample of a family whose TYPE came after it.
 */
final class PrometheusText {
  record Sample(String name, Map<String, String> labels, double value) {}

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
  private static final Pattern TYPE =
      Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern SAMPLE =
      Pattern.compile(
          "(" + NAME + ")(\\{(.*)\\})? ([-+]?(?:[0-9.]+(?:[eE][-+]?[0-9]+)?|NaN|Inf))( -?[0-9]+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\",?");

  static List<Sample> parse(String text) {
    var out = new ArrayList<Sample>();
    var typed = new HashMap<String, String>();
    int n = 0;
    for (String line : text.split("\n", -1)) {
      n++;
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        var t = TYPE.matcher(line);
        if (t.matches()) {
          if (typed.put(t.group(1), t.group(2)) != null) {
            throw new IllegalArgumentException("line " + n + ": second TYPE for " + t.group(1));
          }
        } else if (!HELP.matcher(line).matches()) {
          throw new IllegalArgumentException("line " + n + ": bad comment: " + line);
        }
        continue;
      }
      var m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException("line " + n + ": bad sample: " + line);
      }
      var labels = new HashMap<String, String>();
      if (m.group(3) != null && !m.group(3).isEmpty()) {
        var l = LABEL.matcher(m.group(3));
        int end = 0;
        while (l.find() && l.start() == end) {
          labels.put(l.group(1), l.group(2));
          end = l.end();
        }
        if (end != m.group(3).length()) {
          throw new IllegalArgumentException("line " + n + ": bad labels: " + m.group(3));
        }
      }
      String family = m.group(1).replaceAll("_(bucket|sum|count|total|created)$", "");
      if (!typed.containsKey(family) && !typed.containsKey(m.group(1))) {
        throw new IllegalArgumentException("line " + n + ": sample before its TYPE: " + line);
      }
      String v = m.group(4);
      double value =
          v.endsWith("Inf")
              ? (v.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
              : Double.parseDouble(v);
      out.add(new Sample(m.group(1), labels, value));
    }
    return out;
  }

  /** Lints {@code text} with {@code promtool check metrics} when it is installed (else nothing). */
  static void checkWithPromtool(String text) throws Exception {
    var promtool = java.nio.file.Path.of("/usr/bin/promtool");
    if (java.nio.file.Files.isExecutable(promtool)) {
      var p =
          new ProcessBuilder(promtool.toString(), "check", "metrics")
              .redirectErrorStream(true)
              .start();
      try (var in = p.getOutputStream()) {
        in.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      org.assertj.core.api.Assertions.assertThat(
              p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS))
          .isTrue();
      String out =
          new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      org.assertj.core.api.Assertions.assertThat(p.exitValue()).as(out).isZero();
    }
  }
}
