package dev.runneriq.gitlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaginationTest {
  static final URI CURRENT =
      URI.create("https://gitlab.example.com/api/v4/runners/all?per_page=100");

  static HttpHeaders headers(Map<String, List<String>> map) {
    return HttpHeaders.of(map, (a, b) -> true);
  }

  @Test
  void findsNextAmongSeveralLinks() {
    String link =
        "<https://gitlab.example.com/api/v4/projects?id_after=5&per_page=2>; rel=\"next\", "
            + "<https://gitlab.example.com/api/v4/projects?per_page=2>; rel=\"first\"";

    assertThat(Pagination.relNext(link))
        .hasToString("https://gitlab.example.com/api/v4/projects?id_after=5&per_page=2");
    assertThat(Pagination.relNext("<https://x/?page=1>; rel=\"prev\"")).isNull();
  }

  @Test
  void anEmptyNextPageHeaderEndsTheListing() {
    assertThat(Pagination.next(headers(Map.of("x-next-page", List.of(""))), CURRENT)).isNull();
    assertThat(Pagination.next(headers(Map.of("x-next-page", List.of("3"))), CURRENT))
        .hasToString("https://gitlab.example.com/api/v4/runners/all?per_page=100&page=3");
  }

  @Test
  void replacesAnEarlierPageParameter() {
    var uri = URI.create("https://h/api/v4/x?page=2&per_page=5");
    assertThat(Pagination.withPage(uri, "3")).hasToString("https://h/api/v4/x?per_page=5&page=3");
  }

  @Test
  void sameOriginComparesSchemeHostAndPort() {
    var api = URI.create("https://gitlab.example.com/api/v4/");
    assertThat(Pagination.sameOrigin(URI.create("https://gitlab.example.com:443/x"), api)).isTrue();
    assertThat(Pagination.sameOrigin(URI.create("http://gitlab.example.com/x"), api)).isFalse();
    assertThat(Pagination.sameOrigin(URI.create("https://evil.example/x"), api)).isFalse();
  }
}
