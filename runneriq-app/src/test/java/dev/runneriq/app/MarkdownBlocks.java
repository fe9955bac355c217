package dev.runneriq.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The fenced code blocks of a document of the repository, for tests that check what docs show. */
public final class MarkdownBlocks {
  private MarkdownBlocks() {}

  /**
   * The text of each block fenced as {@code language} in {@code markdownPath} (from the repository
   * root), in order.
   */
  public static List<String> of(String language, String markdownPath) throws Exception {
    var text = Files.readString(Path.of("..", markdownPath), StandardCharsets.UTF_8);
    var out = new ArrayList<String>();
    var m =
        Pattern.compile("```" + Pattern.quote(language) + "\\n(.*?)```", Pattern.DOTALL)
            .matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
