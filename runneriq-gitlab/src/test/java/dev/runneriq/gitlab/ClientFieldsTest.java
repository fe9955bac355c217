package dev.runneriq.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.gitlab.model.GlRunner;
import dev.runneriq.gitlab.model.GlView;
import org.junit.jupiter.api.Test;

/** The check of answers against the client's records, on current GitLab's runner fixtures. */
class ClientFieldsTest {
  static ObjectNode detail() {
    return (ObjectNode) Fixtures.json("synthetic/rest_runner_detail.synthetic.json");
  }

  static ObjectNode listed() {
    return (ObjectNode) Fixtures.json("synthetic/rest_runners_all.synthetic.json").get(0);
  }

  @Test
  void currentRunnersCarryEveryFieldTheClientReads() {
    assertThat(ClientFields.problems(GlRunner.class, listed(), GlView.Basic.class)).isEmpty();
    assertThat(ClientFields.problems(GlRunner.class, detail(), GlView.Details.class)).isEmpty();
  }

  @Test
  void aMissingFieldAWrongTypeANullAndADetailInAListingAreEachNamed() {
    var missing = detail();
    missing.remove("paused");
    var wrongType = detail().put("id", "101");
    var nulled = detail().putNull("status");
    var detailed = listed();
    detailed.putArray("tag_list");

    assertThat(ClientFields.problems(GlRunner.class, missing, GlView.Details.class))
        .containsExactly("GlRunner.paused: missing");
    assertThat(ClientFields.problems(GlRunner.class, wrongType, GlView.Details.class))
        .containsExactly("GlRunner.id: string, the fixtures have integer");
    assertThat(ClientFields.problems(GlRunner.class, nulled, GlView.Details.class))
        .containsExactly("GlRunner.status: null, which the client does not take");
    assertThat(ClientFields.problems(GlRunner.class, detailed, GlView.Basic.class))
        .containsExactly("GlRunner.tag_list: sent, but only the object's own endpoint sends it");
  }
}
