package dev.runneriq.gitlab;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.runneriq.formats.Documents;

/**
 * The JSON mapper for GitLab's payloads: snake_case names, unknown fields ignored, no failure on a
 * null where a primitive is declared. Models normalise what they receive in their constructors.
 */
public final class GitLabJson {
  private GitLabJson() {}

  public static final ObjectMapper MAPPER =
      Documents.JSON
          .copy()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false)
          .configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, true);
}
