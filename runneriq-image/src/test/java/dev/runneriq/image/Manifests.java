package dev.runneriq.image;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Kubernetes manifests of {@code deploy/kubernetes/}, parsed into fabric8's typed model with
 * unknown fields rejected. The model keeps a field it does not know in its {@code
 * additionalProperties} rather than failing, so after parsing every object of the tree is walked
 * and any such field is an error naming the file, the path and the class.
 */
final class Manifests {
  /** The kinds the manifests may hold; a custom resource's spec is checked by its own test. */
  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "v1/ConfigMap", ConfigMap.class,
          "v1/Secret", Secret.class,
          "v1/Service", Service.class,
          "apps/v1/Deployment", Deployment.class,
          "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
          "monitoring.coreos.com/v1/ServiceMonitor", GenericKubernetesResource.class);

  private static final ObjectMapper YAML =
      YAMLMapper.builder(
              YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
          .build();
  private static final ObjectMapper MODEL =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Manifests() {}

  /** The folder of the deployment files, named by the {@code runneriq.deploy.dir} property. */
  static Path deployDir() {
    String dir = System.getProperty("runneriq.deploy.dir");
    if (dir == null) {
      throw new IllegalStateException("runneriq.deploy.dir is not set: run through Maven");
    }
    return Path.of(dir);
  }

  /** Every object of every {@code .yaml} file under {@code dir}, in file order. */
  static List<HasMetadata> readAll(Path dir) throws IOException {
    var all = new ArrayList<HasMetadata>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        all.addAll(read(dir.relativize(file).toString(), Files.readString(file)));
      }
    }
    return all;
  }

  /** The objects of one YAML text (documents split by {@code ---}); {@code source} names it. */
  static List<HasMetadata> read(String source, String yaml) throws IOException {
    var out = new ArrayList<HasMetadata>();
    try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc == null || doc.isNull() || doc.isMissingNode()) {
          continue;
        }
        String type = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        Class<? extends HasMetadata> kind = KINDS.get(type);
        if (kind == null) {
          throw new IllegalArgumentException(
              source + ": " + type + " is not a kind these manifests use: " + KINDS.keySet());
        }
        HasMetadata object = MODEL.treeToValue(doc, kind);
        var unknown = new ArrayList<String>();
        unknownFields(object, kind.getSimpleName(), unknown);
        if (!unknown.isEmpty()) {
          throw new IllegalArgumentException(source + ": " + String.join("; ", unknown));
        }
        out.add(object);
      }
    }
    return out;
  }

  /** Adds a line for each object under {@code node} that holds fields its class does not know. */
  static void unknownFields(Object node, String path, List<String> out) {
    if (node instanceof Collection<?> list) {
      int i = 0;
      for (Object item : list) {
        unknownFields(item, path + "[" + i++ + "]", out);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknownFields(v, path + "." + k, out));
      return;
    }
    if (node == null || !node.getClass().getPackageName().startsWith("io.fabric8")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (!isProperty(getter)) {
        continue;
      }
      Object value = invoke(getter, node);
      if (getter.getName().equals("getAdditionalProperties")) {
        // a custom resource keeps its spec there by design; its metadata is still typed
        if (!(node instanceof GenericKubernetesResource)
            && value instanceof Map<?, ?> extra
            && !extra.isEmpty()) {
          out.add(
              path
                  + " has "
                  + (extra.size() == 1 ? "a field" : "fields")
                  + " that "
                  + node.getClass().getSimpleName()
                  + " does not know: "
                  + extra.keySet());
        }
        continue;
      }
      String name = getter.getName().substring(3);
      unknownFields(
          value,
          path + "." + name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1),
          out);
    }
  }

  private static boolean isProperty(Method m) {
    return m.getName().startsWith("get")
        && m.getParameterCount() == 0
        && !Modifier.isStatic(m.getModifiers())
        // the model's fields; interfaces' default methods (HasMetadata's names) are derived
        && !m.getDeclaringClass().isInterface()
        && m.getDeclaringClass().getPackageName().startsWith("io.fabric8");
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + getter + " of " + target, e);
    }
  }
}
