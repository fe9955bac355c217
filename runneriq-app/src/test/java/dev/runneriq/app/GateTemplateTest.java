package dev.runneriq.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gate template ({@code templates/runneriq-gate.gitlab-ci.yml}) and every {@code yaml} example
 * of {@code docs/ACTIVE.md} are configuration GitLab accepts, checked by {@link GitLabCiConfig}
 * against GitLab's CI schema and the server's rules on delays; and broken variants are rejected,
 * each for its reason.
 */
class GateTemplateTest {
  static final String TEMPLATE_PATH = "templates/runneriq-gate.gitlab-ci.yml";
  static final String TEMPLATE = read(TEMPLATE_PATH);

  static String read(String fromRoot) {
    try {
      return Files.readString(Path.of("..", fromRoot), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> floors() {
    var rules = GitLabCiConfig.parse(TEMPLATE, TEMPLATE_PATH).path(".runneriq-gate").path("rules");
    return StreamSupport.stream(rules.spliterator(), false)
        .filter(r -> r.path("when").asText().equals("delayed"))
        .map(r -> r.path("start_in").asText())
        .toList();
  }

  @Test
  void theTemplateIsValidOnItsOwn() {
    assertThat(GitLabCiConfig.problems(TEMPLATE)).isEmpty();
  }

  @Test
  void theTemplateHoldsBackWithFloorsAndLetsOtherPipelinesRunAsUsual() {
    var rules = GitLabCiConfig.parse(TEMPLATE, TEMPLATE_PATH).path(".runneriq-gate").path("rules");
    var last = rules.get(rules.size() - 1);

    assertThat(floors())
        .containsExactly(
            "1 hour",
            "2 hours",
            "4 hours",
            "30 minutes",
            "5 minutes",
            "20 minutes",
            "30 minutes",
            "10 minutes");
    assertThat(last.has("if")).as("the last rule matches every pipeline").isFalse();
    assertThat(last.path("when").asText()).isEqualTo("on_success");
  }

  @Test
  void everyYamlExampleOfTheGateDocIsValidWithTheTemplateIncluded() throws Exception {
    // RunnerIQ's own configuration examples start so; DocumentedConfigTest loads them
    var examples =
        MarkdownBlocks.of("yaml", "docs/ACTIVE.md").stream()
            .filter(b -> !b.startsWith("# runneriq.yaml"))
            .toList();

    assertThat(examples).hasSizeGreaterThanOrEqualTo(7);
    for (String example : examples) {
      assertThat(example).as("it includes the template").contains("runneriq-gate.gitlab-ci.yml");
      assertThat(GitLabCiConfig.problems(TEMPLATE, example)).as(example).isEmpty();
    }
  }

  @Test
  void theGateDocNamesEveryFloorTheTemplateSets() throws Exception {
    String doc = read("docs/ACTIVE.md");

    for (String floor : floors()) {
      assertThat(doc).contains("`" + floor + "`");
    }
  }

  static final String JOB_WITH_RULE =
      """
      build:
        script: make
        rules:
          - %s
      """;

  /** A case of a configuration that is one job with one rule. */
  static Arguments ruleCase(String name, String rule, String problem) {
    return argumentSet(name, List.of(JOB_WITH_RULE.formatted(rule)), problem);
  }

  /** Each case: the files of a configuration (included ones first) and what rejects it. */
  static Stream<Arguments> broken() {
    String floorTakenOut = TEMPLATE.replaceFirst("\n *start_in: 30 minutes\n", "\n");
    return Stream.of(
        argumentSet(
            "the template with one floor taken out (server)",
            List.of(floorTakenOut),
            ".runneriq-gate: rules[4]: when: delayed without start_in"),
        argumentSet(
            "a job delayed without start_in (schema)",
            List.of("build:\n  script: make\n  when: delayed\n"),
            "file 1 at /build: required property 'start_in' not found"),
        argumentSet(
            "a hidden template delayed without start_in, which the schema alone lets pass",
            List.of(".gate:\n  when: delayed\nbuild:\n  extends: .gate\n  script: make\n"),
            ".gate: required property 'start_in' not found"),
        ruleCase(
            "a floor written as a number (schema)",
            "{when: delayed, start_in: 10}",
            "file 1 at /build/rules/0/start_in: integer found, string expected"),
        ruleCase(
            "a misspelt rule key (schema)",
            "{when: delayed, start-in: 10 minutes}",
            "file 1 at /build/rules/0: property 'start-in' is not defined in the schema"),
        argumentSet(
            "rules under default: (schema)",
            List.of("default:\n  rules:\n    - {when: delayed, start_in: 10 minutes}\n"),
            "file 1 at /default: property 'rules' is not defined in the schema"),
        ruleCase(
            "a rule delayed without start_in (server)",
            "{when: delayed}",
            "build: rules[0]: when: delayed without start_in"),
        ruleCase(
            "a floor from a variable (server)",
            "{when: delayed, start_in: $RUNNERIQ_GATE_START_IN}",
            "(GitLab does not expand variables in start_in)"),
        ruleCase(
            "a floor over a week (server)",
            "{when: delayed, start_in: 8 days}",
            "build: rules[0]: start_in '8 days' is over GitLab's limit of 1 week"),
        ruleCase(
            "a floor on a rule that is not delayed (server)",
            "{when: on_success, start_in: 10 minutes}",
            "build: rules[0]: start_in without when: delayed"),
        argumentSet(
            "start_in beside the template's rules (server)",
            List.of(
                TEMPLATE,
                "build:\n  extends: .runneriq-gate\n  start_in: 5 minutes\n  script: make\n"),
            "build: config key may not be used with `rules`: start_in"),
        argumentSet(
            "a job extending the template without including it",
            List.of("build:\n  extends: .runneriq-gate\n  script: make\n"),
            "build: extends .runneriq-gate, which is not defined"),
        argumentSet(
            "a reference to rules the template does not have",
            List.of(
                TEMPLATE,
                "build:\n  script: make\n  rules:\n    - !reference [.runneriq-gate, rulez]\n"),
            "build: !reference [\".runneriq-gate\",\"rulez\"] names nothing"));
  }

  @ParameterizedTest
  @MethodSource("broken")
  void aBrokenConfigurationIsRejected(List<String> files, String problem) {
    assertThat(String.join("\n", files)).as("the case changes something").isNotEqualTo(TEMPLATE);

    assertThat(GitLabCiConfig.problems(files.toArray(String[]::new)))
        .anySatisfy(p -> assertThat(p).contains(problem));
  }
}
