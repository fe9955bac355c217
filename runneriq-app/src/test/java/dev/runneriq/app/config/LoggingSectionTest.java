package dev.runneriq.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.formats.FormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoggingSectionTest {
  @TempDir Path dir;

  LoggingConfig load(String yaml, Map<String, String> env) throws Exception {
    Path file = dir.resolve("runneriq.yaml");
    Files.writeString(file, yaml);
    return ConfigLoader.load(file, env).logging();
  }

  @Test
  void defaultsAreTextAtInfoWithChattyLibrariesAtWarn() {
    var l = ConfigLoader.defaults().logging();
    assertThat(l.format()).isEqualTo(LoggingConfig.Format.TEXT);
    assertThat(l.level()).isEqualTo("info");
    assertThat(l.levels())
        .containsEntry("org.eclipse.jetty", "warn")
        .containsEntry("io.javalin", "warn");
  }

  @Test
  void theFileSetsFormatRootLevelAndLevelsPerLoggerBesideTheDefaults() throws Exception {
    var l =
        load(
            """
            logging:
              format: JSON
              level: debug
              levels:
                dev.runneriq.gitlab: trace
                org.eclipse.jetty: info
            """,
            Map.of());
    assertThat(l.format()).isEqualTo(LoggingConfig.Format.JSON);
    assertThat(l.level()).isEqualTo("debug");
    assertThat(l.levels())
        .containsEntry("dev.runneriq.gitlab", "trace")
        .containsEntry("org.eclipse.jetty", "info")
        .containsEntry("io.javalin", "warn");
  }

  @Test
  void theEnvironmentOverridesTheFile() throws Exception {
    var l =
        load(
            "logging: {format: text, level: warn}\n",
            Map.of("RUNNERIQ_LOGGING_FORMAT", "json", "RUNNERIQ_LOGGING_LEVEL", "error"));
    assertThat(l.format()).isEqualTo(LoggingConfig.Format.JSON);
    assertThat(l.level()).isEqualTo("error");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          a format nobody writes    | logging: {format: xml}                     | /logging/format     | must be text or json, but was xml
          a level that is no level  | logging: {level: loud}                     | /logging/level      | must be one of trace, debug, info, warn, error, off, but was loud
          a number for the level    | logging: {level: 3}                        | /logging/level      | must be a string
          a logger's unknown level  | 'logging: {levels: {org.flywaydb: loud}}'  | /logging/levels/org.flywaydb | but was loud
          a list for a logger       | 'logging: {levels: {org.flywaydb: [warn]}}' | /logging/levels/org.flywaydb | must be a string
          a section that is a list  | 'logging: [json]'                          | /logging            | must be a mapping
          an unknown key            | 'logging: {fromat: json}'                  | /logging/fromat     | did you mean 'format'
          """)
  void aWrongValueIsAnErrorNamingItsKey(String name, String yaml, String at, String problem) {
    assertThatThrownBy(() -> load(yaml + "\n", Map.of()))
        .isInstanceOf(FormatException.class)
        .hasMessageContaining(at)
        .hasMessageContaining(problem);
  }
}
