package dev.runneriq.sim.gitlab;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP side of the simulated GitLab: answers, GitLab's 404, query strings, route shapes,
 * constant-time token checks, and listings paged as GitLab pages them — by offset ({@code page},
 * {@code per_page}, {@code x-next-page}, {@code x-total}) or, when asked with {@code
 * pagination=keyset}, by id ({@code id_after}, a {@code Link: <…>; rel="next"} header and no
 * totals).
 */
final class SimHttp {
  private SimHttp() {}

  /** One answer. */
  record Reply(int status, String body, Map<String, String> headers) {
    /** {@code value} as listings and embedding objects show it ({@link Rest#basic}). */
    static Reply json(Object value) {
      return new Reply(200, Rest.basic(value), Map.of());
    }

    /** {@code value} as its own endpoint shows it ({@link Rest#details}). */
    static Reply details(Object value) {
      return new Reply(200, Rest.details(value), Map.of());
    }

    static Reply error(int status, String message) {
      return new Reply(status, Rest.basic(new Rest.Message(message)), Map.of());
    }
  }

  /** GitLab's 404, naming what was not found. */
  static final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFound(String what) {
      super(what);
    }
  }

  /**
   * A listing page of {@code items}, by offset or, for {@code pagination=keyset}, by their {@code
   * id} in ascending order; {@code request} is the absolute URI asked for (its query aside), from
   * which the next link is made.
   */
  static <T> Reply page(
      List<T> items, ToLongFunction<T> id, Map<String, List<String>> q, URI request) {
    int per = Math.max(1, Math.min(100, (int) number(first(q, "per_page", "20"))));
    if ("keyset".equals(first(q, "pagination", ""))) {
      return keyset(items, id, q, per, request);
    }
    int page = Math.max(1, (int) number(first(q, "page", "1")));
    int from = Math.min(items.size(), (page - 1) * per);
    int to = Math.min(items.size(), from + per);
    var headers = new TreeMap<String, String>();
    headers.put("x-page", Integer.toString(page));
    headers.put("x-per-page", Integer.toString(per));
    headers.put("x-total", Integer.toString(items.size()));
    headers.put("x-next-page", to < items.size() ? Integer.toString(page + 1) : "");
    return new Reply(200, Rest.basic(items.subList(from, to)), headers);
  }

  private static <T> Reply keyset(
      List<T> items, ToLongFunction<T> id, Map<String, List<String>> q, int per, URI request) {
    long after = number(first(q, "id_after", Long.toString(Long.MIN_VALUE)));
    var sorted =
        items.stream()
            .filter(n -> id.applyAsLong(n) > after)
            .sorted(Comparator.comparingLong(id))
            .toList();
    var headers = new TreeMap<String, String>();
    if (sorted.size() > per) {
      long last = id.applyAsLong(sorted.get(per - 1));
      headers.put("Link", "<" + withIdAfter(request, q, last) + ">; rel=\"next\"");
    }
    return new Reply(200, Rest.basic(sorted.subList(0, Math.min(per, sorted.size()))), headers);
  }

  private static URI withIdAfter(URI request, Map<String, List<String>> q, long idAfter) {
    var sb = new StringBuilder();
    q.forEach(
        (k, vs) -> {
          if (!k.equals("id_after")) {
            for (String v : vs) {
              sb.append(sb.isEmpty() ? "" : "&").append(encode(k)).append('=').append(encode(v));
            }
          }
        });
    sb.append(sb.isEmpty() ? "" : "&").append("id_after=").append(idAfter);
    return URI.create(
        request.getScheme() + "://" + request.getRawAuthority() + request.getRawPath() + "?" + sb);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String first(Map<String, List<String>> q, String key, String dflt) {
    var v = q.get(key);
    return v == null || v.isEmpty() ? dflt : v.get(0);
  }

  /** The route's shape: numbers and names after a collection become {@code :}. */
  static String shape(List<String> p) {
    var out = new ArrayList<String>();
    for (int i = 0; i < p.size(); i++) {
      boolean param =
          i % 2 == 1
              && List.of("runners", "projects", "groups", "jobs", "pipelines")
                  .contains(p.get(i - 1));
      out.add(
          param && !(i == 1 && p.get(0).equals("runners") && p.get(1).equals("all"))
              ? ":"
              : p.get(i));
    }
    return String.join("/", out);
  }

  static Map<String, List<String>> query(@Nullable String raw) {
    var out = new TreeMap<String, List<String>>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }

  /** A number from a path or query, else GitLab's 404. */
  static long number(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new NotFound("");
    }
  }

  static boolean matches(@Nullable String given, String expected) {
    return given != null
        && MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }
}
