package dev.runneriq.app.mcp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.formats.Documents;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code runneriq mcp} in its own process, fed lines no MCP client should send: each gets a
 * JSON-RPC error, and the request after it is still answered. Closing stdin stops the process.
 */
class McpStdioHostileTest {
  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;

  static Server server;
  static int nextId = 100;

  @BeforeAll
  static void start() throws Exception {
    server = Server.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.process.destroyForcibly();
    }
  }

  static Stream<Arguments> hostileLines() {
    return Stream.of(
        Arguments.of("not JSON", bytes("this is not json"), PARSE_ERROR),
        Arguments.of("a JSON array", bytes("[]"), INVALID_REQUEST),
        Arguments.of("a JSON string", bytes("\"tools/list\""), INVALID_REQUEST),
        Arguments.of("an object that is not JSON-RPC", bytes("{\"hello\": 1}"), INVALID_REQUEST),
        Arguments.of(
            "the wrong jsonrpc version",
            bytes("{\"jsonrpc\": \"1.0\", \"method\": \"tools/list\"}"),
            INVALID_REQUEST),
        Arguments.of(
            "an object id",
            bytes("{\"jsonrpc\": \"2.0\", \"id\": {\"a\": 1}, \"method\": \"tools/list\"}"),
            INVALID_REQUEST),
        Arguments.of(
            "a method that is not a string",
            bytes("{\"jsonrpc\": \"2.0\", \"method\": 7}"),
            INVALID_REQUEST),
        Arguments.of("invalid UTF-8", invalidUtf8(), PARSE_ERROR),
        Arguments.of("trailing garbage", bytes("{\"jsonrpc\": \"2.0\"} }"), PARSE_ERROR),
        Arguments.of(
            "nesting past 1,000 levels",
            bytes("{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":" + deep(1_001) + "}"),
            PARSE_ERROR),
        Arguments.of(
            "a 20 M-character string",
            bytes(
                "{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":\""
                    + "a".repeat(20_000_000)
                    + "\"}"),
            INVALID_REQUEST));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileLines")
  void answersABadLineWithAnErrorAndServesTheNextRequest(String name, byte[] line, int code)
      throws Exception {
    server.send(line);
    int id = nextId++;
    server.send(bytes("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/list\"}"));

    var answers = server.answersUntil(id);
    var error = answers.get(0);
    assertThat(error.at("/error/code").asInt()).as(error.toString()).isEqualTo(code);
    assertThat(error.has("id")).isTrue();
    assertThat(error.get("id").isNull()).isTrue();
    assertThat(error.at("/error/message").asText()).isNotBlank().hasSizeLessThan(300);
    var last = answers.get(answers.size() - 1);
    assertThat(last.at("/result/tools")).as(last.toString()).hasSize(6);
    assertThat(answers).hasSize(2);
  }

  @Test
  void aBadRequestWithAReadableIdIsAnsweredWithThatId() throws Exception {
    server.send(bytes("{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": [\"tools/list\"]}"));
    var answers = server.answersUntil(7);
    assertThat(answers).hasSize(1);
    assertThat(answers.get(0).at("/error/code").asInt()).isEqualTo(INVALID_REQUEST);
  }

  @Test
  void paramsOfTheWrongShapeAreInvalidParamsInWordsWithTheRequestsId() throws Exception {
    server.send(bytes("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":\"x\"}"));
    var answers = server.answersUntil(9);
    assertThat(answers).hasSize(1);
    var error = answers.get(0).get("error");
    assertThat(error.get("code").asInt()).as(answers.get(0).toString()).isEqualTo(-32602);
    assertThat(error.get("message").asText())
        .contains("tools/call", "name", "arguments")
        .doesNotContain("java")
        .doesNotContain("`")
        .doesNotContain("McpSchema");
  }

  @Test
  void aNotificationWhoseHandlingFailsIsDroppedAndTheNextRequestAnswered() throws Exception {
    server.send(bytes("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":5}"));
    server.send(bytes("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/list\"}"));
    var answers = server.answersUntil(8);
    assertThat(answers).hasSize(1);
    assertThat(answers.get(0).at("/result/tools")).hasSize(6);
  }

  @Test
  void stopsWithAWordOnStderrWhenStdinCloses() throws Exception {
    var own = Server.start();
    try {
      own.send(bytes("not json either"));
      assertThat(own.answers.poll(30, TimeUnit.SECONDS)).isNotNull();
      own.process.getOutputStream().close();
      assertThat(own.process.waitFor(10, TimeUnit.SECONDS))
          .as("exited after stdin closed")
          .isTrue();
      assertThat(own.process.exitValue()).isZero();
      own.stderrDone.join(5_000);
      assertThat(own.stderr.toString(UTF_8)).contains("stdin closed").doesNotContain("\tat ");
    } finally {
      own.process.destroyForcibly();
    }
  }

  /** A {@code runneriq mcp} child process, initialized, with its stdout read line by line. */
  static final class Server {
    final Process process;
    final BlockingQueue<JsonNode> answers = new LinkedBlockingQueue<>();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    final Thread stderrDone;

    private Server(Process process) {
      this.process = process;
      Thread.ofVirtual().start(this::readAnswers);
      stderrDone =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      process.getErrorStream().transferTo(stderr);
                    } catch (IOException e) {
                      // the process is gone
                    }
                  });
    }

    static Server start() throws Exception {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      var process =
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  "dev.runneriq.app.Main",
                  "mcp",
                  "--context",
                  McpStdioTest.EXAMPLE.toString())
              .start();
      var server = new Server(process);
      server.send(
          bytes(
              "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                  + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                  + "\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}"));
      server.answersUntil(1);
      server.send(bytes("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
      return server;
    }

    void send(byte[] line) throws IOException {
      OutputStream in = process.getOutputStream();
      in.write(line);
      in.write('\n');
      in.flush();
    }

    /** Every answer up to and including the one to request {@code id}. */
    List<JsonNode> answersUntil(int id) throws InterruptedException {
      var out = new ArrayList<JsonNode>();
      while (true) {
        var a = answers.poll(20, TimeUnit.SECONDS);
        assertThat(a).as("an answer to request " + id + " after " + out).isNotNull();
        out.add(a);
        if (a.path("id").isInt() && a.get("id").asInt() == id) {
          return out;
        }
      }
    }

    private void readAnswers() {
      try (var r = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          answers.add(Documents.JSON.readTree(line));
        }
      } catch (IOException e) {
        // the process is gone
      }
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  private static byte[] invalidUtf8() {
    var out = new ByteArrayOutputStream();
    out.writeBytes(bytes("{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":\""));
    out.write(0xff);
    out.write(0xfe);
    out.writeBytes(bytes("\"}"));
    return out.toByteArray();
  }

  private static String deep(int levels) {
    return "[".repeat(levels) + "]".repeat(levels);
  }
}
