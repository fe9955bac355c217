package dev.runneriq.core.placement;

import static dev.runneriq.core.testing.Fixtures.job;
import static dev.runneriq.core.testing.Fixtures.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.testing.Fixtures.JobBuilder;
import dev.runneriq.core.testing.Fixtures.RunnerBuilder;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** GitLab's matching rules: which runner each filter lets through, and why it rejects. */
class FiltersTest {

  /**
   * Each case: the job, the runner, and the reason of the first rejecting filter (null: passes).
   */
  static Stream<Arguments> cases() {
    return Stream.of(
        argumentSet("plain runner takes a plain job", job("b", "build"), runner(1), null),
        argumentSet(
            "runner has every tag",
            job("b", "build").tags("docker", "linux"),
            runner(1).tags("linux", "docker", "arm"),
            null),
        argumentSet(
            "one tag missing",
            job("b", "build").tags("docker", "gpu"),
            runner(1).tags("docker"),
            "missing required tags"),
        argumentSet(
            "tags match case-sensitively",
            job("b", "build").tags("GPU"),
            runner(1).tags("gpu"),
            "missing required tags"),
        argumentSet(
            "untagged job on a runner that runs untagged jobs",
            job("b", "build"),
            runner(1).tags("docker").runUntagged(true),
            null),
        argumentSet(
            "untagged job on a runner that does not",
            job("b", "build"),
            runner(1).tags("docker").runUntagged(false),
            "does not run untagged jobs"),
        argumentSet(
            "tagged job on a runner that does not run untagged jobs",
            job("b", "build").tags("docker"),
            runner(1).tags("docker").runUntagged(false),
            null),
        argumentSet("offline runner", job("b", "build"), runner(1).offline(), "offline"),
        argumentSet("paused runner", job("b", "build"), runner(1).paused(), "paused"),
        argumentSet(
            "protected-only runner, unprotected ref",
            job("b", "build"),
            runner(1).protectedRefsOnly(),
            "protected refs only"),
        argumentSet(
            "protected-only runner, protected main",
            job("b", "build").onProtectedDefaultBranch(),
            runner(1).protectedRefsOnly(),
            null),
        argumentSet(
            "protected-only runner, tag",
            job("b", "build").tag("v1.0.0"),
            runner(1).protectedRefsOnly(),
            null),
        argumentSet(
            "project runner of the job's project",
            job("b", "build").project("shop/web"),
            runner(1).projectRunner("shop/api", "shop/web"),
            null),
        argumentSet(
            "project runner of another project",
            job("b", "build").project("shop/web"),
            runner(1).projectRunner("shop/api"),
            "not available to the project"),
        argumentSet(
            "group runner of the project's group",
            job("b", "build").project("shop/web"),
            runner(1).groupRunner("shop"),
            null),
        argumentSet(
            "group runner of a parent group (subgroups included)",
            job("b", "build").project("shop/frontend/web"),
            runner(1).groupRunner("ops", "shop"),
            null),
        argumentSet(
            "group runner of the subgroup itself",
            job("b", "build").project("shop/frontend/web"),
            runner(1).groupRunner("shop/frontend"),
            null),
        argumentSet(
            "group runner of a sibling subgroup",
            job("b", "build").project("shop/frontend/web"),
            runner(1).groupRunner("shop/backend"),
            "not available to the project"),
        argumentSet(
            "group runner of a group whose name is a prefix",
            job("b", "build").project("shopping/web"),
            runner(1).groupRunner("shop"),
            "not available to the project"),
        argumentSet(
            "group runner without groups",
            job("b", "build"),
            runner(1).groupRunner(),
            "not available to the project"),
        argumentSet(
            "job timeout within the runner's maximum",
            job("b", "build").timeoutS(3600),
            runner(1).maximumTimeoutS(3600),
            null),
        argumentSet(
            "job timeout beyond the runner's maximum",
            job("b", "build").timeoutS(7200),
            runner(1).maximumTimeoutS(3600),
            "maximum timeout too short"),
        argumentSet(
            "typical run on a slow runner does not fit",
            job("b", "build").history(20, 1000, 0),
            runner(1).maximumTimeoutS(1800).speed(0.5),
            "maximum timeout too short"),
        argumentSet(
            "typical run on a fast runner fits",
            job("b", "build").history(20, 1000, 0),
            runner(1).maximumTimeoutS(1800).speed(1.0),
            null),
        argumentSet(
            "runner without a maximum", job("b", "build").timeoutS(86_400), runner(1), null),
        argumentSet("one slot free", job("b", "build"), runner(1).slots(4, 3), null),
        argumentSet("every slot busy", job("b", "build"), runner(1).slots(2, 2), "at capacity"),
        argumentSet("over capacity", job("b", "build"), runner(1).slots(2, 5), "at capacity"),
        argumentSet(
            "paused and offline: offline is checked first",
            job("b", "build"),
            runner(1).paused().offline(),
            "offline"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void firstRejectingFilterNamesTheReason(
      JobBuilder job, RunnerBuilder runner, @Nullable String reason) {
    var j = job.build();
    var r = runner.build();

    String rejectedBy = null;
    for (var f : Filters.DEFAULT) {
      if (f.check(j, r) instanceof Verdict.Rejected rejected) {
        rejectedBy = rejected.reason().text();
        break;
      }
    }

    assertThat(rejectedBy).isEqualTo(reason);
  }

  @Test
  void tagDetailListsTheMissingTagsSorted() {
    var j = job("b", "build").tags("gpu", "docker", "cuda").build();
    var r = runner(1).tags("docker").build();

    assertThat(detail(Filters.TAGS, j, r)).isEqualTo("[cuda, gpu]");
  }

  @Test
  void timeoutDetailSaysWhatIsNeededAndAllowed() {
    var j = job("b", "build").timeoutS(7200).build();
    var r = runner(1).maximumTimeoutS(3600).build();

    assertThat(detail(Filters.MAXIMUM_TIMEOUT, j, r)).isEqualTo("needs 7200s, allows 3600s");
  }

  private static String detail(Filter filter, PendingJob job, Runner runner) {
    var rejected = (Verdict.Rejected) filter.check(job, runner);
    return rejected.detail().of(job, runner);
  }

  @Test
  void onlyAFullRunnerOrAKeptSlotClearsByItself() {
    assertThat(Reason.values())
        .filteredOn(Reason::clearsByItself)
        .containsExactly(Reason.AT_CAPACITY, Reason.KEPT_FOR_RARE_TAGS);
    assertThat(Filters.DEFAULT)
        .filteredOn(f -> ((Signed) f).readsLoad())
        .containsExactly(Filters.FREE_SLOT);
    assertThat(Reason.texts()).doesNotHaveDuplicates().hasSize(Filters.DEFAULT.size() + 1);
  }
}
