package dev.runneriq.app.config;

import dev.runneriq.formats.Node;
import dev.runneriq.llm.LlmConfig;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * URLs must not carry secrets: a password or token in a URL would be printed wherever the URL is
 * ({@code config check}, {@code serve}'s banner, error messages). Such a URL is refused when the
 * config is loaded (and as {@code --db}), naming the key and where the secret goes instead, and is
 * never repeated.
 */
public final class UrlCredentials {
  /** What a refusal says is in the URL, without saying what it is. */
  public static final String WHAT = "must not hold credentials (user:password@, password=, token=)";

  /** {@code scheme://user@} or {@code scheme://user:password@}, after an optional {@code jdbc:}. */
  private static final Pattern USERINFO =
      Pattern.compile("^(?:jdbc:)?[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*@");

  /** A password or token as a query or JDBC parameter. */
  private static final Pattern PARAMETER =
      Pattern.compile("(?i)[?&;](?:[a-z_]*password|[a-z_]*token|api_?key)=");

  /** The URL keys of runneriq.yaml, and where the secret a URL might carry goes instead. */
  private static final Map<String, String> KEYS =
      Map.of(
          "gitlab.url", ServiceSections.GITLAB_TOKEN_ENV + " or gitlab.token_file",
          "store.url", "store.user and " + ServiceSections.STORE_PASSWORD_ENV,
          "llm.base_url", LlmConfig.API_KEY_ENV + " or llm.key_file",
          "carbon.url", GridSections.CARBON_TOKEN_ENV + " or carbon.token_file");

  private UrlCredentials() {}

  /** Whether {@code url} carries user information or a password or token parameter. */
  public static boolean present(String url) {
    return USERINFO.matcher(url.strip()).find() || PARAMETER.matcher(url).find();
  }

  /**
   * Refuses the effective config when one of its URLs carries credentials, whether or not the
   * section is in use (config check prints them all).
   */
  static void refuse(Node root) {
    new TreeMap<>(KEYS)
        .forEach(
            (key, instead) -> {
              String[] parts = key.split("\\.");
              var section = root.object(parts[0]);
              String url = section.optString(parts[1]);
              if (url != null && present(url)) {
                throw section.error(parts[1], WHAT + ": use " + instead);
              }
            });
  }
}
