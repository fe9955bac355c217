package dev.runneriq.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Kubernetes and compose files agree with what the built image declares. */
class DeploymentFilesMatchImageIT {
  private static JsonNode image;
  private static String configFile;

  @BeforeAll
  static void read() throws IOException {
    image = ImageTar.built().config().path("config");
    List<String> cmd = ImageTar.strings(image.path("Cmd"));
    configFile = cmd.get(cmd.indexOf("--config") + 1);
    KubernetesManifestsTest.read();
    ComposeFileTest.read();
  }

  @Test
  void kubernetesMountsTheConfigWhereTheImageReadsItAndRunsAsTheImagesUser() {
    String folder = configFile.substring(0, configFile.lastIndexOf('/'));
    assertThat(KubernetesManifestsTest.mountPaths()).contains(folder);
    assertThat(KubernetesManifestsTest.container().getArgs())
        .as("the image's default arguments are kept")
        .isNullOrEmpty();
    var pod = KubernetesManifestsTest.one(Deployment.class).getSpec().getTemplate().getSpec();
    assertThat(
            pod.getSecurityContext().getRunAsUser()
                + ":"
                + pod.getSecurityContext().getRunAsGroup())
        .isEqualTo(image.path("User").asText());
    List<Integer> ports =
        KubernetesManifestsTest.container().getPorts().stream()
            .map(ContainerPort::getContainerPort)
            .toList();
    ports.forEach(
        p -> assertThat(image.path("ExposedPorts").has(p + "/tcp")).as("port " + p).isTrue());
  }

  @Test
  void kubernetesGivesAWritableFolderForEveryPlaceTheImageWrites() {
    assertThat(KubernetesManifestsTest.mountPaths())
        .contains("/tmp", image.path("WorkingDir").asText());
  }

  @Test
  void composeMountsTheConfigWhereTheImageReadsIt() {
    JsonNode volumes = ComposeFileTest.runneriq().path("volumes");
    // the short syntax, "host:container[:ro]"
    assertThat(volumes).anyMatch(v -> v.asText().split(":")[1].equals(configFile));
  }
}
