package dev.runneriq.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The repository is what users clone, so nothing in it may lean on files beside it: no test
 * fixture, script default, Javadoc or doc link may point at the research folder next to the
 * checkout, no test may climb out of the repository, and every relative Markdown link and every
 * {@code docs/….md} a file names must exist inside the repository.
 */
class StandaloneRepositoryTest {
  /** Words that name the research folder beside the checkout or its data and format notes. */
  static final Pattern OUTSIDE_FOLDER =
      Pattern.compile("\\.\\./shared\\b|(?<![\\w.-])shared/(?:formats|data)\\b");

  /** A Java path that climbs two folders up from a module, i.e. out of the repository. */
  static final Pattern CLIMBS_OUT = Pattern.compile("\"\\.\\.\",\\s*\"\\.\\.\"|\"\\.\\./\\.\\.");

  static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  static final Pattern DOCS_PATH = Pattern.compile("(?<![\\w./-])docs/[\\w./-]*[\\w-]\\.md\\b");

  static Path root;
  static List<Path> files;

  @BeforeAll
  static void findTheFiles() throws IOException {
    root = Path.of("..").toAbsolutePath().normalize();
    assertThat(root.resolve("runneriq-app")).as("the repository root").isDirectory();
    var places = new ArrayList<Path>();
    for (String top :
        List.of(
            "README.md",
            "CONTRIBUTING.md",
            "CHANGELOG.md",
            "NOTICE",
            "pom.xml",
            "check",
            "runneriq",
            ".ci",
            "docs",
            "examples",
            "scripts",
            "templates")) {
      places.add(root.resolve(top));
    }
    try (Stream<Path> modules = Files.list(root)) {
      modules
          .filter(m -> m.getFileName().toString().startsWith("runneriq-") && Files.isDirectory(m))
          .forEach(
              m -> {
                places.add(m.resolve("pom.xml"));
                places.add(m.resolve("src"));
              });
    }
    files = new ArrayList<>();
    for (Path p : places) {
      if (Files.isRegularFile(p)) {
        files.add(p);
      } else if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          walk.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
      }
    }
    assertThat(files).hasSizeGreaterThan(300);
  }

  /** The file's text, or null for a file that is not UTF-8 text. */
  static String text(Path file) {
    try {
      var decoder = StandardCharsets.UTF_8.newDecoder();
      var s = decoder.decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
      return s.indexOf('\0') >= 0 ? null : s;
    } catch (CharacterCodingException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String where(Path file, String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return root.relativize(file) + ":" + line;
  }

  static List<String> matches(Pattern pattern, boolean javaOnly) {
    var found = new ArrayList<String>();
    for (Path f : files) {
      if (javaOnly && !f.toString().endsWith(".java")) {
        continue;
      }
      String t = text(f);
      if (t == null) {
        continue;
      }
      Matcher m = pattern.matcher(t);
      while (m.find()) {
        found.add(where(f, t, m.start()) + ": " + m.group());
      }
    }
    return found;
  }

  @Test
  void noFileNamesTheResearchFolderBesideTheCheckout() {
    assertThat(matches(OUTSIDE_FOLDER, false)).isEmpty();
  }

  @Test
  void noJavaCodeClimbsOutOfTheRepository() {
    assertThat(matches(CLIMBS_OUT, true)).isEmpty();
  }

  @Test
  void everyRelativeMarkdownLinkLandsOnAFileInTheRepository() {
    var broken = new ArrayList<String>();
    int links = 0;
    for (Path f : files) {
      if (!f.toString().endsWith(".md")) {
        continue;
      }
      String t = text(f);
      Matcher m = MARKDOWN_LINK.matcher(t);
      while (m.find()) {
        String target = m.group(1);
        if (target.startsWith("#") || target.matches("[a-z][a-z0-9+.-]*:.*")) {
          continue;
        }
        links++;
        int hash = target.indexOf('#');
        Path to = f.getParent().resolve(hash < 0 ? target : target.substring(0, hash)).normalize();
        if (!to.startsWith(root) || !Files.exists(to)) {
          broken.add(where(f, t, m.start()) + ": " + target);
        }
      }
    }
    assertThat(links).isGreaterThan(10);
    assertThat(broken).isEmpty();
  }

  @Test
  void everyDocNamedFromTheRepositoryRootExists() {
    var missing = new ArrayList<String>();
    for (Path f : files) {
      String t = text(f);
      if (t == null) {
        continue;
      }
      Matcher m = DOCS_PATH.matcher(t);
      while (m.find()) {
        if (!Files.isRegularFile(root.resolve(m.group()))) {
          missing.add(where(f, t, m.start()) + ": " + m.group());
        }
      }
    }
    assertThat(missing).isEmpty();
  }
}
