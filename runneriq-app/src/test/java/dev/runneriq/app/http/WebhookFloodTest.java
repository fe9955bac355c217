package dev.runneriq.app.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.gitlab.Fixtures;
import dev.runneriq.gitlab.Secret;
import dev.runneriq.gitlab.webhook.JobStateStore;
import dev.runneriq.gitlab.webhook.WebhookConfig;
import dev.runneriq.gitlab.webhook.WebhookHandler;
import dev.runneriq.gitlab.webhook.WebhookReceiver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /hooks/gitlab} under attack, over raw sockets on loopback: a body is read only after
 * the headers have shown the secret and a length within the cap, hook requests in flight are
 * capped, and a body that trickles in is cut off, so that slow or large deliveries never take the
 * server's threads from anyone else.
 */
class WebhookFloodTest {
  static final String SECRET = "flood-test-hook-secret";
  static final int CONNECTIONS = 300; // more than Jetty's 250 threads
  ApiServer server;
  final List<Socket> sockets = new ArrayList<>();

  @BeforeEach
  void start() {
    var state = LoopbackApi.example();
    var receiver =
        new WebhookReceiver(
            WebhookConfig.of(Secret.of(SECRET)), new JobStateStore(), WebhookHandler.NONE);
    server =
        LoopbackApi.start(
            "flood-api-token",
            6L * 1024 * 1024,
            () -> state,
            null,
            new ServiceMetrics(() -> state),
            receiver);
  }

  @AfterEach
  void stop() {
    for (var s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    server.close();
  }

  /** A connection that has sent the headers of a hook and {@code bodyStart} of its body. */
  Socket hook(String token, String length, byte[] bodyStart) throws IOException {
    var s = new Socket(InetAddress.getLoopbackAddress(), server.port());
    sockets.add(s);
    s.setSoTimeout(10_000);
    String head =
        "POST /hooks/gitlab HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "X-Gitlab-Event: Job Hook\r\nX-Gitlab-Token: "
            + token
            + "\r\n"
            + length
            + "\r\n";
    s.getOutputStream().write(head.getBytes(UTF_8));
    s.getOutputStream().write(bodyStart);
    s.getOutputStream().flush();
    return s;
  }

  /** The status line and headers of the answer on {@code s}. */
  static String head(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    var out = new ByteArrayOutputStream();
    while (!out.toString(UTF_8).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      out.write(b);
    }
    return out.toString(UTF_8);
  }

  HttpResponse<String> healthz() throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aBigBodyWithoutTheSecretIs401BeforeAByteOfItIsSent() throws Exception {
    var s = hook("wrong", "Content-Length: 6000000\r\n", new byte[0]);
    long started = System.nanoTime();
    String answer = head(s);
    assertThat(answer).startsWith("HTTP/1.1 401");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aDeclaredLengthOverTheCapIs413BeforeTheBodyIsSent() throws Exception {
    var s =
        hook(
            SECRET,
            "Content-Length: " + (WebhookConfig.DEFAULT_MAX_BODY_BYTES + 1) + "\r\n",
            new byte[0]);
    assertThat(head(s)).startsWith("HTTP/1.1 413");
  }

  @Test
  void aChunkedBodyPastTheCapIs413() throws Exception {
    var s = hook(SECRET, "Transfer-Encoding: chunked\r\n", new byte[0]);
    var out = s.getOutputStream();
    byte[] chunk = new byte[64 * 1024];
    java.util.Arrays.fill(chunk, (byte) ' ');
    try {
      for (int sent = 0; sent <= WebhookConfig.DEFAULT_MAX_BODY_BYTES; sent += chunk.length) {
        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(UTF_8));
        out.write(chunk);
        out.write("\r\n".getBytes(UTF_8));
      }
      out.flush();
    } catch (IOException closedEarly) {
      // the server may answer and close before the whole body is sent
    }
    assertThat(head(s)).startsWith("HTTP/1.1 413");
  }

  @Test
  void slowBodiesWithoutTheSecretHoldNoThread() throws Exception {
    for (int i = 0; i < CONNECTIONS; i++) {
      hook("wrong", "Content-Length: 6000000\r\n", "{".getBytes(UTF_8));
    }
    var health = healthz();
    assertThat(health.statusCode()).isEqualTo(200);
  }

  @Test
  void slowBodiesWithTheSecretAreCappedAndTheRestAreToldToComeBack() throws Exception {
    var opened = new ArrayList<Socket>();
    for (int i = 0; i < CONNECTIONS; i++) {
      opened.add(hook(SECRET, "Content-Length: 100000\r\n", "{".getBytes(UTF_8)));
    }
    assertThat(healthz().statusCode()).isEqualTo(200);
    int busy = 0;
    for (var s : opened.subList(opened.size() - 50, opened.size())) {
      s.setSoTimeout(3_000);
      try {
        String answer = head(s);
        if (answer.startsWith("HTTP/1.1 503")) {
          assertThat(answer).containsIgnoringCase("Retry-After:");
          busy++;
        }
      } catch (SocketTimeoutException stillReading) {
        // one of the few let in, waiting for its body
      }
    }
    assertThat(busy).as("the last 50 of %d deliveries at once", CONNECTIONS).isEqualTo(50);
  }

  @Test
  void aBodyThatTricklesInIsCutOff() throws Exception {
    byte[] hook = Fixtures.bytes("synthetic/hook_job_pending.synthetic.json");
    var s = hook(SECRET, "Content-Length: " + hook.length + "\r\n", new byte[] {hook[0]});
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    String answer = "";
    boolean closed = false;
    try {
      for (int i = 1; i < hook.length && System.nanoTime() < deadline; i++) {
        Thread.sleep(500); // two bytes a second
        if (s.getInputStream().available() > 0) {
          answer = head(s);
          break;
        }
        s.getOutputStream().write(hook[i]);
        s.getOutputStream().flush();
      }
    } catch (IOException cutOff) {
      closed = true;
    }
    assertThat(closed || !answer.isEmpty()).as("cut off within 15 s").isTrue();
    if (!answer.isEmpty()) {
      assertThat(answer).startsWith("HTTP/1.1 408");
    }
  }
}
