package dev.runneriq.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The image tarball Jib's {@code buildTar} writes, in Docker's {@code docker save} layout: {@code
 * manifest.json} names the config and the layers (gzipped tars), applied in order.
 */
final class ImageTar {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The largest file of a layer whose content is kept: the app's jar, not the JVM's modules. */
  private static final long KEPT_SIZE = 4 << 20;

  private final Map<String, byte[]> files;
  private final JsonNode manifest;
  private final Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
  private final Map<String, byte[]> contents = new LinkedHashMap<>();

  private ImageTar(Map<String, byte[]> files) throws IOException {
    this.files = files;
    JsonNode list = JSON.readTree(file("manifest.json"));
    if (!list.isArray() || list.size() != 1) {
      throw new IOException("manifest.json must list exactly one image, but was " + list);
    }
    this.manifest = list.get(0);
  }

  /** The tarball the build wrote, named by the {@code runneriq.image.tar} system property. */
  static ImageTar built() throws IOException {
    String name = System.getProperty("runneriq.image.tar");
    if (name == null) {
      throw new IllegalStateException(
          "runneriq.image.tar is not set: run these tests through Maven (failsafe sets it)");
    }
    Path tar = Path.of(name);
    if (!Files.isRegularFile(tar)) {
      throw new IllegalStateException(tar + " does not exist: the package phase builds it (Jib)");
    }
    var files = new LinkedHashMap<String, byte[]>();
    try (var in = new TarArchiveInputStream(Files.newInputStream(tar))) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (e.isFile()) {
          files.put(e.getName(), in.readAllBytes());
        }
      }
    }
    return new ImageTar(files);
  }

  JsonNode manifest() {
    return manifest;
  }

  /** The image's configuration ({@code config} holds Entrypoint, Cmd, User, Env, Labels...). */
  JsonNode config() throws IOException {
    return JSON.readTree(file(manifest.path("Config").asText()));
  }

  List<String> layerNames() {
    var names = new ArrayList<String>();
    manifest.path("Layers").forEach(l -> names.add(l.asText()));
    return names;
  }

  /** Every file, link and folder of every layer, by absolute path, the last layer winning. */
  Map<String, TarArchiveEntry> entries() throws IOException {
    readLayers();
    return entries;
  }

  /** The content of one file of the image's file system (of at most {@link #KEPT_SIZE} bytes). */
  byte[] read(String path) throws IOException {
    readLayers();
    byte[] content = contents.get(path);
    if (content == null) {
      throw new IOException(
          "no layer of the image holds a file " + path + " of at most " + KEPT_SIZE + " bytes");
    }
    return content;
  }

  /** One pass over the layers, keeping the entries and the content of files up to KEPT_SIZE. */
  private void readLayers() throws IOException {
    if (!entries.isEmpty()) {
      return;
    }
    for (String layer : layerNames()) {
      try (var in = layer(layer)) {
        for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
          String path = absolute(e.getName());
          entries.put(path, e);
          if (e.isFile() && e.getSize() <= KEPT_SIZE) {
            contents.put(path, in.readAllBytes());
          }
        }
      }
    }
  }

  /** Writes the image's file system to {@code root}, with each entry's permission bits. */
  void extractTo(Path root) throws IOException {
    for (String layer : layerNames()) {
      try (var in = layer(layer)) {
        for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
          Path target = root.resolve(e.getName()).normalize();
          if (!target.startsWith(root)) {
            throw new IOException("layer " + layer + " writes outside the root: " + e.getName());
          }
          if (e.isDirectory()) {
            Files.createDirectories(target);
          } else if (e.isSymbolicLink()) {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(target);
            Files.createSymbolicLink(target, Path.of(e.getLinkName()));
            continue;
          } else if (e.isFile()) {
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          } else {
            throw new IOException("layer " + layer + " holds an entry of an unexpected kind: " + e);
          }
          Files.setPosixFilePermissions(target, permissions(e.getMode()));
        }
      }
    }
  }

  private TarArchiveInputStream layer(String name) throws IOException {
    return new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(file(name))));
  }

  private byte[] file(String name) throws IOException {
    byte[] bytes = files.get(name);
    if (bytes == null) {
      throw new IOException("the image tarball has no " + name + "; it holds " + files.keySet());
    }
    return bytes;
  }

  private static String absolute(String entryName) {
    String path = "/" + entryName.replaceFirst("^\\./", "");
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** A JSON array of strings (Entrypoint, Cmd) as a list. */
  static List<String> strings(JsonNode array) {
    var out = new ArrayList<String>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static Set<PosixFilePermission> permissions(int mode) {
    var set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << (bits.length - 1 - i))) != 0) {
        set.add(bits[i]);
      }
    }
    return set;
  }
}
