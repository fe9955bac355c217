package dev.runneriq.formats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** Parsing whole JSON or YAML documents into trees, with syntax errors that name file and line. */
public final class Documents {
  private Documents() {}

  public static final ObjectMapper JSON =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
          .configure(SerializationFeature.INDENT_OUTPUT, false);

  public static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** Reads a JSON file, or a YAML one when its name ends in .yaml or .yml. */
  public static JsonNode read(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    boolean yaml = name.toLowerCase(Locale.ROOT).matches(".*\\.ya?ml");
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in.readAllBytes(), file.toString(), yaml);
    } catch (NoSuchFileException e) {
      throw new FormatException(file.toString(), "", "no such file");
    } catch (IOException e) {
      throw new FormatException(file.toString(), "", "cannot read: " + e.getMessage());
    }
  }

  /**
   * Parses bytes of a document named {@code source} (a file name or a description). A key given
   * twice in one object is an error naming it and its line: neither value would be right to keep.
   */
  public static JsonNode parse(byte[] bytes, String source, boolean yaml) {
    try {
      JsonNode node =
          (yaml ? YAML : JSON)
              .reader()
              .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
              .readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw new FormatException(source, "", "the document is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      String where = loc == null ? "" : "line " + loc.getLineNr() + " column " + loc.getColumnNr();
      throw new FormatException(
          source, where, "not valid " + (yaml ? "YAML" : "JSON") + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new FormatException(source, "", "cannot read: " + e.getMessage());
    }
  }
}
