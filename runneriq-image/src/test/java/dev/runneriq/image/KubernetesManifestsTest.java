package dev.runneriq.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.app.config.ConfigLoader;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** deploy/kubernetes/: strict parsing, and what the service needs of each object. */
class KubernetesManifestsTest {
  private static Path dir;
  private static List<HasMetadata> objects;

  @BeforeAll
  static void read() throws IOException {
    dir = Manifests.deployDir().resolve("kubernetes");
    objects = Manifests.readAll(dir);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "a misspelled top field of the spec, deployment.yaml, '  replicas: 2', '  replica: 2', spec has a field that DeploymentSpec does not know: [replica]",
    "a misspelled probe, deployment.yaml, readinessProbe:, readynessProbe:, does not know: [readynessProbe]",
    "a field of the wrong object, service.yaml, '  type: ClusterIP', '  type: ClusterIP\n  replicas: 2', spec has a field that ServiceSpec does not know: [replicas]",
    "a misspelled field of a custom resource's metadata, prometheus-operator/servicemonitor.yaml, '  labels:', '  label:', metadata has a field that ObjectMeta does not know: [label]",
  })
  void refusesAFieldTheModelDoesNotKnow(
      String name, String file, String field, String misspelled, String message)
      throws IOException {
    String yaml = Files.readString(dir.resolve(file));
    assertThat(yaml).contains(field);
    String broken = yaml.replaceFirst(field, misspelled);
    assertThatThrownBy(() -> Manifests.read(file, broken))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file)
        .hasMessageContaining(message);
  }

  @Test
  void refusesAKindTheManifestsDoNotUse() {
    assertThatThrownBy(() -> Manifests.read("x.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {}\n"))
        .hasMessageContaining("x.yaml: v1/Pod is not a kind these manifests use");
  }

  @Test
  void runsTwoReplicasOfTheImageTheBuildMakes() {
    Deployment d = one(Deployment.class);
    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    String built = System.getProperty("runneriq.image.name");
    String image = container().getImage();
    // a registry prefix is the operator's; the name and tag must be the ones Jib writes
    assertThat(image.substring(image.lastIndexOf('/') + 1)).isEqualTo(built);
  }

  @Test
  void probesLivenessOnHealthzAndReadinessOnReadyzThroughTheNamedPort() {
    Container c = container();
    assertThat(path(c.getLivenessProbe())).isEqualTo("/healthz");
    assertThat(path(c.getStartupProbe())).isEqualTo("/healthz");
    assertThat(path(c.getReadinessProbe())).isEqualTo("/readyz");
    List<String> portNames = c.getPorts().stream().map(ContainerPort::getName).toList();
    for (Probe p : List.of(c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe())) {
      assertThat(portNames).contains(p.getHttpGet().getPort().getStrVal());
    }
  }

  @Test
  void everySecretComesFromAKeyOfTheSecret() {
    Secret secret = one(Secret.class);
    for (EnvVar e : container().getEnv()) {
      if (e.getName().matches(".*(TOKEN|SECRET|PASSWORD).*")) {
        assertThat(e.getValue()).as(e.getName() + " written in the manifest").isNull();
        var ref = e.getValueFrom().getSecretKeyRef();
        assertThat(ref).as(e.getName() + " from a secretKeyRef").isNotNull();
        assertThat(ref.getName()).isEqualTo(secret.getMetadata().getName());
        assertThat(secret.getStringData()).as(e.getName() + "'s key").containsKey(ref.getKey());
      }
    }
  }

  @Test
  void theConfigMapIsAConfigurationTheAppAcceptsWithEverySecretSetFromTheEnvironment(
      @TempDir Path tmp) throws IOException {
    Path file = tmp.resolve("runneriq.yaml");
    Files.writeString(file, one(ConfigMap.class).getData().get("runneriq.yaml"));
    Map<String, String> env = new HashMap<>();
    for (EnvVar e : container().getEnv()) {
      env.put(e.getName(), e.getValue() != null ? e.getValue() : "from-" + e.getName());
    }
    var service = ConfigLoader.load(file, env).service();
    // each secret is set only if its variable has the name the app reads
    assertThat(service.gitlab().token()).as("GitLab token").isNotNull();
    assertThat(service.gitlab().webhookSecret()).as("webhook secret").isNotNull();
    assertThat(service.server().apiToken()).as("API token").isNotNull();
    assertThat(service.store().password()).as("store password").isNotNull();
    assertThat(service.store().url()).startsWith("jdbc:postgresql:");
    assertThat(service.store().user()).isNotBlank();
    assertThat(service.server().host()).isEqualTo("0.0.0.0");
    assertThat(httpPort().getContainerPort()).isEqualTo(service.server().port());
  }

  @Test
  void runsAsNonRootOnAReadOnlyRootWithItsConfigMounted() {
    PodSpec pod = one(Deployment.class).getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
    var sc = container().getSecurityContext();
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
    assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
    assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(mountPaths()).contains("/tmp");
    String configVolume =
        pod.getVolumes().stream()
            .filter(v -> v.getConfigMap() != null)
            .filter(
                v ->
                    v.getConfigMap().getName().equals(one(ConfigMap.class).getMetadata().getName()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no volume of the ConfigMap"))
            .getName();
    assertThat(container().getVolumeMounts())
        .anyMatch(m -> m.getName().equals(configVolume) && Boolean.TRUE.equals(m.getReadOnly()));
    assertThat(container().getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container().getResources().getLimits()).containsKey("memory");
  }

  @Test
  void theServiceAndTheBudgetSelectThePodsAndTheMonitorSelectsTheService() {
    Map<String, String> podLabels =
        one(Deployment.class).getSpec().getTemplate().getMetadata().getLabels();
    Service svc = one(Service.class);
    assertThat(podLabels).containsAllEntriesOf(svc.getSpec().getSelector());
    var port = svc.getSpec().getPorts().get(0);
    assertThat(port.getName()).isEqualTo("http");
    assertThat(port.getTargetPort().getStrVal()).isEqualTo(httpPort().getName());

    PodDisruptionBudget pdb = one(PodDisruptionBudget.class);
    assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
    assertThat(pdb.getSpec().getMinAvailable().getIntVal())
        .isLessThan(one(Deployment.class).getSpec().getReplicas());

    GenericKubernetesResource monitor = one(GenericKubernetesResource.class);
    Map<String, String> selected = monitor.get("spec", "selector", "matchLabels");
    assertThat(svc.getMetadata().getLabels()).containsAllEntriesOf(selected);
    List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
    assertThat(endpoints)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e).containsEntry("port", port.getName()).containsEntry("path", "/metrics");
            });
  }

  static Container container() {
    return one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  static List<String> mountPaths() {
    return container().getVolumeMounts().stream().map(m -> m.getMountPath()).toList();
  }

  private static ContainerPort httpPort() {
    return container().getPorts().stream()
        .filter(p -> "http".equals(p.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container port named http"));
  }

  private static String path(Probe p) {
    assertThat(p).isNotNull();
    return p.getHttpGet().getPath();
  }

  static <T extends HasMetadata> T one(Class<T> kind) {
    List<T> found = objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    assertThat(found).as("one " + kind.getSimpleName() + " in " + dir).hasSize(1);
    return found.get(0);
  }
}
