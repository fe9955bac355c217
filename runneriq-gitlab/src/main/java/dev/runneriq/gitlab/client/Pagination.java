package dev.runneriq.gitlab.client;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where the next page is. Keyset pagination (and offset pagination on current servers) sends a
 * {@code Link} header with {@code rel="next"}; older offset pagination only {@code x-next-page}.
 * The link wins when both are present; an empty {@code x-next-page} means the last page.
 */
final class Pagination {
  private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^,;]+)*)");
  private static final Pattern REL_NEXT =
      Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]*)\"?", Pattern.CASE_INSENSITIVE);

  private Pagination() {}

  /** The next page's URI, or null on the last page. */
  static @Nullable URI next(HttpHeaders headers, URI current) {
    for (String link : headers.allValues("Link")) {
      URI next = relNext(link);
      if (next != null) {
        return current.resolve(next);
      }
    }
    String page = headers.firstValue("x-next-page").map(String::trim).orElse("");
    return page.matches("\\d{1,9}") ? withPage(current, page) : null;
  }

  /** The target of the {@code rel="next"} entry of one {@code Link} header value. */
  static @Nullable URI relNext(String header) {
    var m = LINK.matcher(header);
    while (m.find()) {
      var rel = REL_NEXT.matcher(m.group(2));
      while (rel.find()) {
        for (String r : rel.group(1).trim().split("\\s+")) {
          if (r.equalsIgnoreCase("next")) {
            try {
              return URI.create(m.group(1).trim().replace("[", "%5B").replace("]", "%5D"));
            } catch (IllegalArgumentException e) {
              return null;
            }
          }
        }
      }
    }
    return null;
  }

  /** {@code uri} with its {@code page} parameter set to {@code page}. */
  static URI withPage(URI uri, String page) {
    var params = new ArrayList<String>();
    String query = uri.getRawQuery();
    if (query != null) {
      for (String p : query.split("&")) {
        if (!p.isEmpty() && !p.startsWith("page=")) {
          params.add(p);
        }
      }
    }
    params.add("page=" + page);
    String s = uri.toString();
    int cut = s.indexOf('?');
    return URI.create((cut < 0 ? s : s.substring(0, cut)) + "?" + String.join("&", params));
  }

  /** Whether a link stays on the instance the token belongs to. */
  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI u) {
    if (u.getPort() >= 0) {
      return u.getPort();
    }
    return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }
}
