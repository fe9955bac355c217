package dev.runneriq.gitlab.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * A group as runner details list it ({@code id}, {@code web_url}, {@code name}).
 *
 * @param fullPath sent by other entities than the runner's, so written only when known
 */
public record GlGroup(
    long id,
    @Nullable String name,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String fullPath,
    @Nullable String webUrl) {

  /**
   * The group's full path: {@code full_path} when sent, else taken from {@code web_url} ({@code
   * https://gitlab.example.com/groups/team-a} gives {@code team-a}), else the name, else the id.
   */
  public String path() {
    if (fullPath != null && !fullPath.isBlank()) {
      return fullPath;
    }
    if (webUrl != null) {
      try {
        String p = URI.create(webUrl).getPath();
        if (p != null) {
          p = p.replaceFirst("^/(groups/)?", "").replaceFirst("/$", "");
          if (!p.isBlank()) {
            return p;
          }
        }
      } catch (IllegalArgumentException ignored) {
        // fall through to the name
      }
    }
    return name != null && !name.isBlank() ? name : Long.toString(id);
  }
}
