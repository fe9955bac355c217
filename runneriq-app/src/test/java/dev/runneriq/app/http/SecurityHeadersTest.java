package dev.runneriq.app.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the service tells browsers: a content security policy that allows only its own scripts,
 * styles and API and no framing, no MIME sniffing, no referrer, no caching of what the token
 * opened; the dashboard's token leaves the address bar at once, into a cookie that is Secure when
 * the browser came over HTTPS.
 */
class SecurityHeadersTest {
  static final String TOKEN = "security-headers-token-5";
  static ApiServer server;
  static final HttpClient http = HttpClient.newHttpClient(); // follows no redirect

  @BeforeAll
  static void start() {
    var state = LoopbackApi.example();
    server = LoopbackApi.start(TOKEN, 64 * 1024, () -> state);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
    var b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(10));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static void assertBrowserHeaders(String what, HttpHeaders h) {
    String csp = h.firstValue("Content-Security-Policy").orElse("");
    assertThat(csp).as(what).contains("default-src 'self'").contains("frame-ancestors 'none'");
    assertThat(csp).as(what + ": no inline script or style").doesNotContain("unsafe-inline");
    assertThat(h.firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
    assertThat(h.firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
  }

  @Test
  void everyAnswerCarriesThePolicyAndWhatTheTokenOpenedIsNotCached() throws Exception {
    var bearer = Map.of("Authorization", "Bearer " + TOKEN);
    for (String path :
        new String[] {"/", "/api/v1/queue", "/api/v1/stats", "/api/v1/nope", "/metrics"}) {
      var r = get(path, bearer);
      assertBrowserHeaders(path, r.headers());
      assertThat(r.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
    }
    for (String path : new String[] {"/healthz", "/readyz", "/assets/app.js", "/api/v1/queue"}) {
      assertBrowserHeaders(path + " without the token", get(path, Map.of()).headers());
    }
    var mcp = get("/mcp", Map.of());
    assertThat(mcp.statusCode()).isEqualTo(401);
    assertBrowserHeaders("/mcp", mcp.headers());

    String unreadable;
    try (var s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      s.getOutputStream()
          .write(
              "GET /api/v1/queue%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                  .getBytes(UTF_8));
      unreadable = new String(s.getInputStream().readAllBytes(), UTF_8);
    }
    assertThat(unreadable)
        .contains("X-Content-Type-Options: nosniff")
        .contains("frame-ancestors 'none'");
  }

  @Test
  void theTokenInTheAddressIsSwappedForACookieAndARedirectToTheBareDashboard() throws Exception {
    var first = get("/?token=" + TOKEN, Map.of());
    assertThat(first.statusCode()).isEqualTo(303);
    assertThat(first.headers().firstValue("Location")).hasValue("/");
    assertThat(first.body()).doesNotContain(TOKEN);
    String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie)
        .startsWith(ApiServer.COOKIE + "=" + TOKEN + ";")
        .contains("HttpOnly")
        .contains("SameSite=Strict")
        .contains("Path=/")
        .as("plain HTTP: a Secure cookie would never come back")
        .doesNotContain("Secure");

    var dashboard = get("/", Map.of("Cookie", cookie.split(";")[0]));
    assertThat(dashboard.statusCode()).isEqualTo(200);
    assertThat(dashboard.body()).contains("<title>RunnerIQ</title>");

    var wrong = get("/?token=not-" + TOKEN, Map.of());
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void behindAnHttpsProxyTheCookieIsSecure() throws Exception {
    for (var proxy :
        List.of(
            Map.of("X-Forwarded-Proto", "https"), Map.of("Forwarded", "for=1.2.3.4;proto=https"))) {
      var r = get("/?token=" + TOKEN, proxy);
      assertThat(r.statusCode()).isEqualTo(303);
      assertThat(r.headers().firstValue("Set-Cookie").orElseThrow())
          .as(proxy.toString())
          .contains("; Secure");
    }
  }
}
