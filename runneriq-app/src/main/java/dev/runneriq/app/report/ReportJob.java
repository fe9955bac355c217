package dev.runneriq.app.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.core.placement.Scorers;
import dev.runneriq.formats.Documents;
import dev.runneriq.store.StoredDecision;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a report needs of one job: its latest decision's project, tier and time, the wait and run
 * GitLab showed, and the grid intensities the decision saw (g/kWh, from the carbon score lines of
 * its candidates).
 *
 * @param followed whether it ran on the advised runner; null while unknown
 * @param ranIntensity the intensity of the zone of the runner it ran on, when that runner was a
 *     candidate with carbon data
 * @param candidatesIntensity the mean intensity over the decision's candidates, when every one had
 *     carbon data
 */
record ReportJob(
    String project,
    String tier,
    Instant at,
    @Nullable Long waitS,
    @Nullable Boolean followed,
    @Nullable Run run,
    @Nullable Double ranIntensity,
    @Nullable Double candidatesIntensity) {

  /** Where and when the job ran. */
  record Run(long runnerId, Instant started, Instant finished) {}

  static ReportJob of(StoredDecision d) {
    var o = d.outcome();
    Run run = null;
    if (o != null
        && o.runnerId() != null
        && o.startedAt() != null
        && o.finishedAt() != null
        && !o.finishedAt().isBefore(o.startedAt())) {
      run = new Run(o.runnerId(), o.startedAt(), o.finishedAt());
    }
    Double ran = null;
    Double mean = null;
    JsonNode cands = candidates(d);
    if (cands.isArray() && !cands.isEmpty()) {
      double sum = 0;
      boolean all = true;
      for (var c : cands) {
        Double g = carbon(c);
        if (g == null) {
          all = false;
        } else {
          sum += g;
          if (run != null && c.path("runner_id").asLong(-1) == run.runnerId()) {
            ran = g;
          }
        }
      }
      mean = all ? sum / cands.size() : null;
    }
    return new ReportJob(
        d.project(),
        d.tier(),
        d.at(),
        o == null ? null : o.waitedSeconds(),
        d.followed(),
        run,
        ran,
        mean);
  }

  private static JsonNode candidates(StoredDecision d) {
    try {
      return Documents.JSON.readTree(d.json()).path("candidates");
    } catch (JsonProcessingException e) {
      return Documents.JSON.missingNode();
    }
  }

  private static @Nullable Double carbon(JsonNode candidate) {
    for (var s : candidate.path("scores")) {
      if (Scorers.CARBON.equals(s.path("scorer").asText())) {
        var raw = s.path("raw");
        return raw.isNumber() && Double.isFinite(raw.asDouble()) ? raw.asDouble() : null;
      }
    }
    return null;
  }
}
