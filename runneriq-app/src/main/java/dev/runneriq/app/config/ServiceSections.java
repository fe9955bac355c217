package dev.runneriq.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.core.model.Runner;
import dev.runneriq.formats.FormatException;
import dev.runneriq.formats.Node;
import dev.runneriq.formats.Printable;
import dev.runneriq.gitlab.Secret;
import dev.runneriq.gitlab.client.GitLabConfig;
import dev.runneriq.gitlab.client.ScopeConfig;
import dev.runneriq.gitlab.mapping.ConcurrencyConfig;
import dev.runneriq.store.StoreConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code gitlab}, {@code store} and {@code server} sections of {@code runneriq.yaml}: their
 * defaults as a tree, and binding to {@link ServiceConfig}. Secrets are never keys of the tree (so
 * {@code config check} cannot print them): they come from an environment variable or a file named
 * by a {@code *_file} key.
 */
final class ServiceSections {
  static final String DEFAULT_SQLITE = "runneriq-audit.db";

  static final String GITLAB_TOKEN_ENV = "RUNNERIQ_GITLAB_TOKEN";
  static final String WEBHOOK_SECRET_ENV = "RUNNERIQ_GITLAB_WEBHOOK_SECRET";
  static final String API_TOKEN_ENV = "RUNNERIQ_API_TOKEN";
  static final String STORE_PASSWORD_ENV = "RUNNERIQ_STORE_PASSWORD";

  /** Objects whose keys are free: runner ids, names and tags. */
  static final Set<String> FREE_MAPS =
      Set.of("gitlab.concurrency.by_id", "gitlab.concurrency.by_name", "gitlab.concurrency.by_tag");

  /** Keys a user may be tempted to write a secret under, and where the secret goes instead. */
  private static final Map<String, String> SECRET_KEYS =
      Map.of(
          "gitlab.token", GITLAB_TOKEN_ENV + " or gitlab.token_file",
          "gitlab.webhook_secret", WEBHOOK_SECRET_ENV + " or gitlab.webhook_secret_file",
          "server.api_token", API_TOKEN_ENV + " or server.api_token_file",
          "carbon.token", GridSections.CARBON_TOKEN_ENV + " or carbon.token_file",
          "store.password", STORE_PASSWORD_ENV);

  private ServiceSections() {}

  static void addDefaults(ObjectNode root) {
    var g = root.putObject("gitlab");
    g.put("url", "");
    g.put("token_file", "");
    g.put("webhook_secret_file", "");
    var scope = g.putObject("scope");
    scope.putArray("groups");
    scope.putArray("projects");
    g.put("poll_interval_s", 30);
    g.put("requests_per_second", GitLabConfig.DEFAULT_REQUESTS_PER_SECOND);
    g.put("max_pages", GitLabConfig.DEFAULT_MAX_PAGES);
    var c = g.putObject("concurrency");
    c.put("default", ConcurrencyConfig.DEFAULT_FALLBACK);
    c.putObject("by_id");
    c.putObject("by_name");
    c.putObject("by_tag");

    var s = root.putObject("store");
    s.put("sqlite", DEFAULT_SQLITE);
    s.put("url", "");
    s.put("user", "");
    s.put("retention_days", 0);

    var srv = root.putObject("server");
    srv.put("host", "127.0.0.1");
    srv.put("port", 8080);
    srv.put("api_token_file", "");
    srv.put("auth", true);
    srv.put("metrics_open", false);
  }

  /** Refuses a secret written into the file itself, saying where it belongs. */
  static void refuseSecrets(JsonNode user, String source) {
    SECRET_KEYS.forEach(
        (key, instead) -> {
          String[] parts = key.split("\\.");
          if (user.path(parts[0]).has(parts[1])) {
            throw new FormatException(
                source,
                "/" + parts[0] + "/" + parts[1],
                "secrets are not read from the config file: use " + instead);
          }
        });
  }

  static ServiceConfig bind(Node root, Map<String, String> env) {
    var fleetFile = GridSections.fleetFile(root);
    return new ServiceConfig(
        gitlab(root.object("gitlab"), env, fleetFile),
        store(root.object("store"), env),
        Duration.ofDays(root.object("store").integerBetween("retention_days", 0, 36_500)),
        server(root, env),
        GridSections.carbon(root, env),
        GridSections.sites(root, fleetFile),
        GateSection.bind(root, root.string("mode")),
        OptimizerSection.bind(root),
        GridSections.budgets(root));
  }

  private static ServiceConfig.GitLab gitlab(
      Node g, Map<String, String> env, List<Runner> fleetFile) {
    String url = g.string("url").strip();
    URI uri = null;
    if (!url.isEmpty()) {
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        throw g.error(
            "url", "must be a URL like https://gitlab.example.com, but was " + Printable.clip(url));
      }
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw g.error(
            "url", "must be an http or https URL with a host, but was " + Printable.clip(url));
      }
    }
    long poll = g.integer("poll_interval_s");
    if (poll < 1 || poll > 3600) {
      throw g.error("poll_interval_s", "must be between 1 and 3600 seconds, but was " + poll);
    }
    double rps = g.number("requests_per_second");
    if (!(rps > 0)) {
      throw g.error("requests_per_second", "must be positive, but was " + rps);
    }
    long maxPages = g.integer("max_pages");
    if (maxPages < 1 || maxPages > Integer.MAX_VALUE) {
      throw g.error("max_pages", "must be a positive integer, but was " + maxPages);
    }
    var scope = g.object("scope");
    ScopeConfig scopeConfig;
    try {
      scopeConfig = new ScopeConfig(scope.strings("groups"), scope.strings("projects"));
    } catch (IllegalArgumentException e) {
      throw scope.error("", String.valueOf(e.getMessage()));
    }
    return new ServiceConfig.GitLab(
        uri,
        secret(g, "token_file", env, GITLAB_TOKEN_ENV),
        secret(g, "webhook_secret_file", env, WEBHOOK_SECRET_ENV),
        scopeConfig,
        Duration.ofSeconds(poll),
        rps,
        (int) maxPages,
        GridSections.withCapacities(concurrency(g.object("concurrency")), fleetFile));
  }

  private static ConcurrencyConfig concurrency(Node c) {
    var byId = new LinkedHashMap<Long, Integer>();
    positiveMap(c, "by_id")
        .forEach(
            (k, v) -> {
              try {
                byId.put(Long.parseLong(k.strip()), v);
              } catch (NumberFormatException e) {
                throw c.error("by_id/" + k, "must be keyed by a runner id (an integer)");
              }
            });
    long dflt = c.integer("default");
    if (dflt < 1 || dflt > 10_000) {
      throw c.error("default", "must be between 1 and 10000, but was " + dflt);
    }
    return new ConcurrencyConfig(
        byId, positiveMap(c, "by_name"), positiveMap(c, "by_tag"), (int) dflt);
  }

  private static Map<String, Integer> positiveMap(Node n, String field) {
    var out = new LinkedHashMap<String, Integer>();
    n.stringMap(field)
        .forEach(
            (k, v) -> {
              int value;
              try {
                value = Integer.parseInt(v.strip());
              } catch (NumberFormatException e) {
                throw n.error(field + "/" + k, "must be an integer, but was " + Printable.clip(v));
              }
              if (value < 1) {
                throw n.error(field + "/" + k, "must be at least 1, but was " + value);
              }
              out.put(k, value);
            });
    return out;
  }

  private static StoreConfig store(Node s, Map<String, String> env) {
    String url = s.string("url").strip();
    if (url.isEmpty()) {
      String path = s.string("sqlite").strip();
      if (path.isEmpty()) {
        throw s.error("sqlite", "must name a file when store.url is not set");
      }
      try {
        return StoreConfig.sqlite(Path.of(path));
      } catch (InvalidPathException e) {
        throw s.error("sqlite", "is not a valid path: " + path);
      }
    }
    String user = s.string("user").strip();
    try {
      return new StoreConfig(
          url, user.isEmpty() ? null : user, blankToNull(env.get(STORE_PASSWORD_ENV)));
    } catch (IllegalArgumentException e) {
      throw s.error("url", "must start with jdbc:sqlite: or jdbc:postgresql:");
    }
  }

  private static ServiceConfig.Server server(Node root, Map<String, String> env) {
    var s = root.object("server");
    String host = s.string("host").strip();
    if (host.isEmpty()) {
      throw s.error("host", "must not be empty (127.0.0.1 for this machine only)");
    }
    long port = s.integer("port");
    if (port < 0 || port > 65_535) {
      throw s.error("port", "must be between 0 and 65535, but was " + port);
    }
    return new ServiceConfig.Server(
        host,
        (int) port,
        secret(s, "api_token_file", env, API_TOKEN_ENV),
        s.bool("auth", true),
        s.bool("metrics_open", false));
  }

  /**
   * The environment variable when set, else the file the key names, else null. A secret goes into
   * an HTTP header, so it must be one line of printable ASCII; what is wrong is said naming the
   * variable or the key and file, never the value.
   */
  static @Nullable Secret secret(Node n, String fileKey, Map<String, String> env, String envVar) {
    String fromEnv = blankToNull(env.get(envVar));
    if (fromEnv != null) {
      String problem = problem(fromEnv);
      if (problem != null) {
        throw new FormatException("environment " + envVar, "", problem);
      }
      return Secret.of(fromEnv.strip());
    }
    String file = n.string(fileKey, "").strip();
    if (file.isEmpty()) {
      return null;
    }
    String value;
    try {
      value = Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException | InvalidPathException e) {
      throw n.error(fileKey, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    if (value.isBlank()) {
      throw n.error(fileKey, "names an empty file: " + file);
    }
    String problem = problem(value);
    if (problem != null) {
      throw n.error(fileKey, "names " + file + ", which " + problem);
    }
    return Secret.of(value.strip());
  }

  /** What keeps {@code raw} from being one header-safe line (the value unsaid), or null. */
  private static @Nullable String problem(String raw) {
    long lines = raw.lines().filter(l -> !l.isBlank()).count();
    if (lines > 1) {
      return "has " + lines + " non-empty lines; it must hold only the secret, on one line";
    }
    String value = raw.strip();
    boolean control = value.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    if (control || value.chars().anyMatch(c -> c > 0x7e)) {
      return "holds "
          + (control ? "a control" : "an invisible or non-ASCII")
          + " character; a secret goes into an HTTP header and must be printable ASCII"
          + " (the value is not shown)";
    }
    return null;
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
