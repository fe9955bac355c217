package dev.runneriq.gitlab.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.gitlab.Fixtures;
import dev.runneriq.gitlab.SchemaCheck;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The fixtures the client tests serve, checked against GitLab's own response schemas (from its
 * request specs): every required field present, and each field's JSON type one the schema allows.
 * {@code $ref}s and {@code additionalProperties} are not followed: the stored schemas are older
 * than the fields current GitLab adds.
 */
class FixtureSchemaTest {
  /** Where current GitLab departs from the stored (older) schema, field by field. */
  static final Set<String> KNOWN_NULLABLE = Set.of("runner.ip_address");

  @Test
  void synthesizedRunnersMatchTheRunnerSchema() {
    for (JsonNode runner : Fixtures.json("synthetic/rest_runners_all.synthetic.json")) {
      assertThat(problems("runner", runner)).isEmpty();
    }
    assertThat(problems("runner", Fixtures.json("synthetic/rest_runner_detail.synthetic.json")))
        .isEmpty();
  }

  @Test
  void managersMatchTheRunnerManagerSchema() {
    for (JsonNode m : Fixtures.json("synthetic/rest_runner_managers.synthetic.json")) {
      assertThat(problems("runner_manager", m)).isEmpty();
    }
  }

  @Test
  void projectJobsAndTheirPipelinesMatchTheJobSchema() {
    for (JsonNode job :
        Fixtures.json("synthetic/rest_project_jobs_pending_running.synthetic.json")) {
      assertThat(problems("job", job)).isEmpty();
      assertThat(problems("pipeline_basic", job.get("pipeline"))).isEmpty();
      if (!job.get("runner").isNull()) {
        assertThat(problems("runner", job.get("runner"))).isEmpty();
        assertThat(problems("runner_manager", job.get("runner_manager"))).isEmpty();
      }
    }
  }

  @Test
  void theRecordedPipelineMatchesThePipelineSchema() {
    assertThat(problems("pipeline_basic", Fixtures.json("rest_pipeline.gitlab4j.json"))).isEmpty();
  }

  @Test
  void theCheckItselfCatchesAMissingFieldAndAWrongType() {
    var job =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            Fixtures.json("synthetic/rest_project_jobs_pending_running.synthetic.json")
                .get(0)
                .deepCopy();
    job.remove("tag_list");
    job.put("id", "7002");

    assertThat(problems("job", job))
        .containsExactlyInAnyOrder("job: missing tag_list", "job.id: string, not [integer]");
  }

  static List<String> problems(String schemaName, JsonNode value) {
    return SchemaCheck.problems(schemaName, value, KNOWN_NULLABLE);
  }
}
