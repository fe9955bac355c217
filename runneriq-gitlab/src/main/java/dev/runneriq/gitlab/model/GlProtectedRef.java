package dev.runneriq.gitlab.model;

/**
 * A protected branch or tag rule ({@code /projects/:id/protected_branches}, {@code
 * /protected_tags}); the name may be a wildcard such as {@code release-*}.
 */
public record GlProtectedRef(String name) {
  public GlProtectedRef {
    name = Lenient.text(name);
  }

  /** Whether {@code ref} falls under this rule, {@code *} matching any run of characters. */
  public boolean covers(String ref) {
    if (!name.contains("*")) {
      return name.equals(ref);
    }
    var regex = new StringBuilder();
    for (String part : name.split("\\*", -1)) {
      if (regex.length() > 0) {
        regex.append(".*");
      }
      regex.append(java.util.regex.Pattern.quote(part));
    }
    return ref.matches(regex.toString());
  }
}
