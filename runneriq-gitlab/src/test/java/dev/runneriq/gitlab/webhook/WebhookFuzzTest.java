package dev.runneriq.gitlab.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.gitlab.Fixtures;
import dev.runneriq.gitlab.Secret;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Whatever it is sent, the receiver answers 200 or 400 and never throws. Seeded, so repeatable. */
class WebhookFuzzTest {
  static final List<String> SEEDS =
      List.of(
          "hook_job.go-gitlab.json",
          "hook_job_build-event.gitlab4j.json",
          "hook_job_minimal.go-gitlab.json",
          "hook_pipeline.gitlab4j.json",
          "hook_pipeline.go-gitlab.json",
          "synthetic/hook_job_pending.synthetic.json");

  final WebhookReceiver receiver =
      new WebhookReceiver(
          WebhookConfig.of(Secret.of(Hooks.SECRET)), new JobStateStore(100), WebhookHandler.NONE);

  @Test
  void randomBytes() {
    var random = new Random(20261128L);
    for (int i = 0; i < 1_500; i++) {
      byte[] body = new byte[random.nextInt(512)];
      random.nextBytes(body);
      assertAnswered(body);
    }
  }

  @Test
  void mutatedRealHooks() {
    var random = new Random(5L);
    for (int i = 0; i < 1_500; i++) {
      byte[] seed = Fixtures.bytes(SEEDS.get(random.nextInt(SEEDS.size())));
      assertAnswered(mutate(seed, random));
    }
  }

  static byte[] mutate(byte[] seed, Random random) {
    byte[] b = seed.clone();
    switch (random.nextInt(4)) {
      case 0 -> { // flip a few bytes
        for (int k = 0; k < 1 + random.nextInt(8); k++) {
          b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
      }
      case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length)); // truncate
      case 2 -> { // swap a scalar for another JSON type
        String s = new String(b, java.nio.charset.StandardCharsets.UTF_8);
        String[] values = {
          "null", "[]", "{}", "\"x\"", "-1", "1e309", "true", "9223372036854775808"
        };
        s = s.replaceFirst(":\\s*[^,{\\[\\n]+", ": " + values[random.nextInt(values.length)]);
        b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      }
      default -> { // duplicate a slice
        int from = random.nextInt(b.length);
        int to = Math.min(b.length, from + random.nextInt(64));
        byte[] out = new byte[b.length + (to - from)];
        System.arraycopy(b, 0, out, 0, to);
        System.arraycopy(b, from, out, to, b.length - from);
        b = out;
      }
    }
    return b;
  }

  void assertAnswered(byte[] body) {
    WebhookResult r = receiver.receive(Hooks.headers(), body);
    assertThat(r.statusCode())
        .as(() -> "answer to " + new String(body, java.nio.charset.StandardCharsets.UTF_8))
        .isIn(Set.of(200, 400));
  }
}
