package dev.runneriq.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IoWordsTest {

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(
            "no message, the words in the cause",
            new ConnectException().initCause(new ConnectException("Connection refused")),
            "Connection refused"),
        Arguments.of("no words at all", new ConnectException(), "cannot connect"),
        Arguments.of(
            "a host name that does not resolve",
            new ConnectException().initCause(new UnresolvedAddressException()),
            "the host name does not resolve"),
        Arguments.of(
            "a TLS handshake that failed",
            new IOException(new SSLHandshakeException("PKIX path building failed")),
            "TLS failed"),
        Arguments.of(
            "a wrapper whose message is its cause's class and message",
            new IOException(new ConnectException("Connection reset")),
            "Connection reset"),
        Arguments.of("a message of its own", new IOException("Broken pipe"), "Broken pipe"),
        Arguments.of("nothing", new IOException(), "the connection failed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void saysWhatWentWrongWithoutAClassName(String name, Throwable failure, String words) {
    assertThat(IoWords.of((IOException) failure)).isEqualTo(words);
  }

  @Test
  void aRealRefusedConnectionIsWords() throws Exception {
    int closed;
    try (var s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    try {
      HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closed + "/")).build(),
              HttpResponse.BodyHandlers.discarding());
      throw new AssertionError("the port answered");
    } catch (IOException e) {
      assertThat(e.toString()).contains("Exception");
      assertThat(IoWords.of(e)).doesNotContain("Exception").doesNotContain("java.");
    }
  }
}
