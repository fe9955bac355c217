package dev.runneriq.gitlab.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.gitlab.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Deliveries for the tests: fixture bodies, variants of them, and GitLab's headers. */
final class Hooks {
  static final String SECRET = "hook-secret-1";

  private Hooks() {}

  static Map<String, List<String>> headers(String... pairs) {
    var h = new LinkedHashMap<String, List<String>>();
    h.put("X-Gitlab-Token", List.of(SECRET));
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      h.put(pairs[i], List.of(pairs[i + 1]));
    }
    return h;
  }

  static byte[] body(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The synthetic pending Job Hook with another status and timestamps. */
  static byte[] jobAt(long id, String status, @Nullable String started, @Nullable String finished) {
    var n = (ObjectNode) Fixtures.json("synthetic/hook_job_pending.synthetic.json");
    n.put("build_id", id).put("build_status", status);
    if (started != null) {
      n.put("build_started_at", started);
    }
    if (finished != null) {
      n.put("build_finished_at", finished);
    }
    return body(n.toString());
  }
}
