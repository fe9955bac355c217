package dev.runneriq.app.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/**
 * The API token check: {@code Authorization: Bearer <token>} compared in constant time. With no
 * token configured, access is open only when explicitly allowed (local use).
 */
public final class BearerAuth {
  private final byte @Nullable [] token;

  private BearerAuth(byte @Nullable [] token) {
    this.token = token;
  }

  /** Requires {@code token} on every protected request. */
  public static BearerAuth required(String token) {
    if (token.isBlank()) {
      throw new IllegalArgumentException("the API token must not be empty (server.api_token)");
    }
    return new BearerAuth(token.getBytes(StandardCharsets.UTF_8));
  }

  /** No token: every request is let in. Only for local use, and said so at start-up. */
  public static BearerAuth disabled() {
    return new BearerAuth(null);
  }

  public boolean enabled() {
    return token != null;
  }

  /** Whether the Authorization header carries the configured token. */
  public boolean allows(@Nullable String authorization) {
    if (token == null) {
      return true;
    }
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, token);
  }
}
