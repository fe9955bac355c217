package dev.runneriq.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.app.config.ConfigLoader;
import dev.runneriq.app.config.LoggingConfig;
import dev.runneriq.app.config.Redactor;
import dev.runneriq.formats.Documents;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.StoreConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one log stream: SLF4J, {@link System.Logger} and java.util.logging lines all reach the
 * configured output, as text or JSON lines that parse whatever the message holds, with their fields
 * and without any configured secret; levels per logger hold.
 */
class LogsTest {
  static final String TOKEN = "glpat-never-in-a-log-3f9a";

  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final List<Redactor> redactors = new ArrayList<>();

  @AfterEach
  void backToTheCommandsDefault() {
    redactors.forEach(LogRedaction::remove);
    MDC.clear();
    Logs.apply(Logs.COMMANDS);
  }

  String output() {
    return out.toString(StandardCharsets.UTF_8);
  }

  List<JsonNode> jsonLines() throws Exception {
    var lines = new ArrayList<JsonNode>();
    for (String line : output().split("\n", -1)) {
      if (!line.isEmpty()) {
        lines.add(Documents.JSON.readTree(line));
      }
    }
    return lines;
  }

  LoggingConfig config(String yaml) throws Exception {
    Path file = dir.resolve("runneriq.yaml");
    Files.writeString(file, yaml);
    return ConfigLoader.load(file, Map.of()).logging();
  }

  /** A service's redactor for {@link #TOKEN} as the GitLab token, registered like Service does. */
  void redactTheToken() throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, TOKEN);
    Path file = dir.resolve("secrets.yaml");
    Files.writeString(file, "gitlab: {token_file: " + token + "}\n");
    var r = ConfigLoader.load(file, Map.of()).service().redactor();
    redactors.add(r);
    LogRedaction.add(r);
  }

  @Test
  void jsonLinesParseWhateverTheMessageHolds() throws Exception {
    Logs.applyTo(config("logging: {format: json}\n"), out);
    var messages =
        List.of(
            "plain",
            "a \"quoted\" word and a back\\slash",
            "two\nlines\r\nand a tab\t",
            "control \u0000\u0001\u001b[31m characters",
            "Grüße, 日本語, emoji \uD83D\uDE80, and a lone surrogate \uD800 end",
            "{\"looks\": \"like json\"}");
    var log = LoggerFactory.getLogger("dev.runneriq.test");
    for (String m : messages) {
      log.info(m);
    }
    var lines = jsonLines();
    assertThat(lines).hasSameSizeAs(messages);
    for (int i = 0; i < messages.size(); i++) {
      var l = lines.get(i);
      String expected = messages.get(i).replace("\uD800", "?");
      assertThat(l.get("message").asText()).isIn(messages.get(i), expected);
      assertThat(l.get("level").asText()).isEqualTo("INFO");
      assertThat(l.get("logger").asText()).isEqualTo("dev.runneriq.test");
      assertThat(l.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
      assertThat(java.time.Instant.parse(l.get("timestamp").asText())).isNotNull();
      assertThat(l.get("timestamp").asText()).endsWith("Z");
    }
  }

  @Test
  void keyValuePairsAndTheMdcAreFieldsOfTheirOwn() throws Exception {
    Logs.applyTo(config("logging: {format: json}\n"), out);
    MDC.put("cycle", "17");
    LoggerFactory.getLogger("dev.runneriq.test")
        .atInfo()
        .addKeyValue("decision_id", "d-1")
        .addKeyValue("job_id", 4711L)
        .addKeyValue("message", "not the message")
        .log("decided");
    var l = jsonLines().getFirst();
    assertThat(l.get("message").asText()).isEqualTo("decided");
    assertThat(l.get("cycle").asText()).isEqualTo("17");
    assertThat(l.get("decision_id").asText()).isEqualTo("d-1");
    assertThat(l.get("job_id").asText()).isEqualTo("4711");
    assertThat(l.get("field_message").asText()).isEqualTo("not the message");
  }

  @Test
  void textLinesCarryTheFieldsAsKeyValuePairs() throws Exception {
    Logs.applyTo(config("logging: {format: text}\n"), out);
    LoggerFactory.getLogger("dev.runneriq.test")
        .atWarn()
        .addKeyValue("job_id", 42)
        .log("held too long");
    assertThat(output())
        .matches(
            "\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z WARN  \\[.+] dev.runneriq.test: held too long job_id=42\\R");
  }

  @Test
  void systemLoggerAndJavaUtilLoggingLinesJoinTheSameStream() throws Exception {
    Logs.applyTo(config("logging: {format: json}\n"), out);
    System.getLogger("dev.runneriq.app.serve.ControlLoop")
        .log(System.Logger.Level.WARNING, "from System.Logger");
    java.util.logging.Logger.getLogger("org.postgresql.Driver").warning("from JUL");
    var lines = jsonLines();
    assertThat(lines)
        .extracting(l -> l.get("message").asText())
        .containsExactly("from System.Logger", "from JUL");
    assertThat(lines)
        .extracting(l -> l.get("logger").asText())
        .containsExactly("dev.runneriq.app.serve.ControlLoop", "org.postgresql.Driver");
    assertThat(lines).extracting(l -> l.get("level").asText()).containsOnly("WARN");
  }

  @Test
  void levelsPerLoggerHoldOverTheRootLevel() throws Exception {
    Logs.applyTo(
        config(
            """
            logging:
              level: warn
              levels: {dev.runneriq.gitlab: debug, org.eclipse.jetty: error}
            """),
        out);
    LoggerFactory.getLogger("dev.runneriq.gitlab.client.GitLabClient").debug("shown: debug");
    LoggerFactory.getLogger("dev.runneriq.app.serve.ControlLoop").info("hidden: info");
    LoggerFactory.getLogger("org.eclipse.jetty.server.Server").warn("hidden: warn");
    java.util.logging.Logger.getLogger("dev.runneriq.gitlab.x").fine("shown: JUL fine");
    java.util.logging.Logger.getLogger("com.example").info("hidden: JUL info");
    assertThat(output()).contains("shown: debug", "shown: JUL fine").doesNotContain("hidden");
  }

  @Test
  void aLibrarysOwnWarningReachesTheLog() throws Exception {
    // an audit log written by a later RunnerIQ: Flyway warns that its schema is newer than any
    // migration this one has, and goes on
    var store = new StoreConfig("jdbc:sqlite:" + dir.resolve("audit.db"), null, null);
    AuditStore.open(store);
    try (var c = DriverManager.getConnection(store.url());
        var s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
              + " checksum, installed_by, execution_time, success)"
              + " VALUES (99, '99', 'from the future', 'SQL', 'V99__future.sql', 0, 'test', 0, 1)");
    }
    Logs.applyTo(LoggingConfig.DEFAULT, out);
    AuditStore.open(store);
    assertThat(output()).containsPattern("WARN  \\[.+] org\\.flywaydb\\.[\\w.]+: .*newer than");
  }

  @ParameterizedTest
  @EnumSource(LoggingConfig.Format.class)
  void aConfiguredSecretIsInNoLineWhoeverWritesIt(LoggingConfig.Format format) throws Exception {
    Logs.applyTo(new LoggingConfig(format, "info", Map.of()), out);
    redactTheToken();
    LoggerFactory.getLogger("org.eclipse.jetty.server.HttpChannel")
        .atWarn()
        .addKeyValue("authorization", "Bearer " + TOKEN)
        .log("bad header PRIVATE-TOKEN: {}", TOKEN);
    java.util.logging.Logger.getLogger("org.postgresql.Driver").warning("url has " + TOKEN);
    System.getLogger("dev.runneriq.gitlab")
        .log(
            System.Logger.Level.ERROR,
            "request failed",
            new IllegalStateException("echo " + TOKEN));
    String all = output();
    assertThat(all).contains("[REDACTED]").doesNotContain(TOKEN).contains("IllegalStateException");
    assertThat(all.split("\\[REDACTED]", -1)).hasSizeGreaterThanOrEqualTo(5);
  }
}
