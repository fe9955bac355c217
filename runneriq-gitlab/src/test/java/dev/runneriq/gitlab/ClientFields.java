package dev.runneriq.gitlab;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.runneriq.gitlab.model.GlDeployment;
import dev.runneriq.gitlab.model.GlGroup;
import dev.runneriq.gitlab.model.GlJob;
import dev.runneriq.gitlab.model.GlPipeline;
import dev.runneriq.gitlab.model.GlProject;
import dev.runneriq.gitlab.model.GlRunner;
import dev.runneriq.gitlab.model.GlRunnerManager;
import dev.runneriq.gitlab.model.GlUser;
import dev.runneriq.gitlab.model.GlView;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Checks an answer against the record RunnerIQ's client reads it into: every field the record reads
 * is there (one it writes only when known may be missing), a listing carries none of the fields
 * only an object's own endpoint sends ({@link GlView.Details}), null only where the record allows
 * it, and each value of the JSON type the copied fixtures show for that entity's field. Embedded
 * records are checked the same way.
 */
public final class ClientFields {
  private ClientFields() {}

  /** The fixture objects of each entity, wherever a fixture shows one. */
  private static final Map<Class<?>, List<JsonNode>> FIXTURES = fixtures();

  /**
   * @param view {@link GlView.Basic} for listings and embedded objects, {@link GlView.Details} for
   *     an object from its own endpoint
   */
  public static List<String> problems(Class<?> record, JsonNode answer, Class<?> view) {
    var out = new ArrayList<String>();
    check(record, answer, view, record.getSimpleName(), out);
    return out;
  }

  private static void check(
      Class<?> record, JsonNode answer, Class<?> view, String where, List<String> out) {
    if (!answer.isObject()) {
      out.add(where + ": " + SchemaCheck.typeOf(answer) + ", not object");
      return;
    }
    JavaType type = GitLabJson.MAPPER.constructType(record);
    for (BeanPropertyDefinition p :
        GitLabJson.MAPPER.getDeserializationConfig().introspect(type).findProperties()) {
      String field = where + "." + p.getName();
      Class<?>[] views = p.findViews();
      boolean inView =
          views == null || Arrays.stream(views).anyMatch(v -> v.isAssignableFrom(view));
      JsonNode value = answer.get(p.getName());
      if (!inView) {
        if (value != null) {
          out.add(field + ": sent, but only the object's own endpoint sends it");
        }
        continue;
      }
      if (value == null) {
        var include = p.findInclusion();
        if (include == null || include.getValueInclusion() != JsonInclude.Include.NON_NULL) {
          out.add(field + ": missing");
        }
        continue;
      }
      if (value.isNull()) {
        if (!nullable(record, p.getInternalName())) {
          out.add(field + ": null, which the client does not take");
        }
        continue;
      }
      JavaType t = p.getPrimaryType();
      Class<?> nested =
          t.isCollectionLikeType() ? t.getContentType().getRawClass() : t.getRawClass();
      if (nested.isRecord()) {
        if (t.isCollectionLikeType()) {
          for (int i = 0; i < value.size(); i++) {
            check(nested, value.get(i), view, field + "[" + i + "]", out);
          }
        } else {
          check(nested, value, view, field, out);
        }
      }
      for (JsonNode fixture : FIXTURES.getOrDefault(record, List.of())) {
        JsonNode expected = fixture.get(p.getName());
        if (expected != null
            && !expected.isNull()
            && !sameType(SchemaCheck.typeOf(value), SchemaCheck.typeOf(expected))) {
          out.add(
              field
                  + ": "
                  + SchemaCheck.typeOf(value)
                  + ", the fixtures have "
                  + SchemaCheck.typeOf(expected));
          break;
        }
      }
    }
  }

  private static boolean nullable(Class<?> record, String component) {
    for (RecordComponent c : record.getRecordComponents()) {
      if (c.getName().equals(component)) {
        return c.getAnnotatedType().isAnnotationPresent(Nullable.class);
      }
    }
    return false;
  }

  private static boolean sameType(String actual, String expected) {
    return actual.equals(expected) || (actual.equals("integer") && expected.equals("number"));
  }

  private static Map<Class<?>, List<JsonNode>> fixtures() {
    var runners = new ArrayList<JsonNode>();
    Fixtures.json("rest_runners_all.gitlab4j.json").forEach(runners::add);
    Fixtures.json("synthetic/rest_runners_all.synthetic.json").forEach(runners::add);
    runners.add(Fixtures.json("rest_runner_detail.gitlab4j.json"));
    runners.add(Fixtures.json("synthetic/rest_runner_detail.synthetic.json"));
    var jobs = new ArrayList<JsonNode>();
    jobs.add(Fixtures.json("rest_job.gitlab4j.json"));
    Fixtures.json("synthetic/rest_project_jobs_pending_running.synthetic.json").forEach(jobs::add);
    var pipelines = new ArrayList<JsonNode>();
    var pipeline = Fixtures.json("rest_pipeline.gitlab4j.json");
    pipelines.add(pipeline);
    var users = new ArrayList<JsonNode>();
    users.add(pipeline.get("user"));
    var projects = new ArrayList<JsonNode>();
    var groups = new ArrayList<JsonNode>();
    for (JsonNode j : jobs) {
      pipelines.add(j.get("pipeline"));
      users.add(j.get("user"));
      if (j.hasNonNull("runner")) {
        runners.add(j.get("runner"));
      }
    }
    for (JsonNode r : runners) {
      r.path("projects").forEach(projects::add);
      r.path("groups").forEach(groups::add);
    }
    var managers = new ArrayList<JsonNode>();
    Fixtures.json("synthetic/rest_runner_managers.synthetic.json").forEach(managers::add);
    return Map.of(
        GlRunner.class, runners,
        GlRunnerManager.class, managers,
        GlJob.class, jobs,
        GlPipeline.class, pipelines,
        GlUser.class, users,
        GlProject.class, projects,
        GlGroup.class, groups,
        GlDeployment.class, List.of());
  }
}
