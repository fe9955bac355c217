package dev.runneriq.app.serve;

import dev.runneriq.app.config.Redactor;
import dev.runneriq.app.http.Insights;
import dev.runneriq.app.http.LiveState;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.CarbonReading;
import dev.runneriq.core.model.Snapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The loop's state as it may leave the process: its reasons (why the snapshot is stale, what the
 * poll skipped, the carbon provider's problems) without any configured secret. Everything else is
 * the loop's, unchanged.
 */
record RedactedState(LiveState state, Redactor redactor) implements LiveState {

  @Override
  public Snapshot snapshot() {
    return state.snapshot();
  }

  @Override
  public List<Decision> decisions() {
    return state.decisions();
  }

  @Override
  public Instant refreshedAt() {
    return state.refreshedAt();
  }

  @Override
  public @Nullable String staleReason() {
    String reason = state.staleReason();
    return reason == null ? null : redactor.redact(reason);
  }

  @Override
  public Set<Long> held() {
    return state.held();
  }

  @Override
  public Insights insights() {
    return state.insights();
  }

  @Override
  public boolean gitlabReachable() {
    return state.gitlabReachable();
  }

  @Override
  public List<String> gitlabSkipped() {
    return state.gitlabSkipped().stream().map(redactor::redact).toList();
  }

  @Override
  public @Nullable String carbonProvider() {
    return state.carbonProvider();
  }

  @Override
  public Map<String, List<CarbonReading>> carbonHistory() {
    return state.carbonHistory();
  }

  @Override
  public Map<String, String> carbonProblems() {
    var out = new TreeMap<String, String>();
    state.carbonProblems().forEach((k, v) -> out.put(redactor.redact(k), redactor.redact(v)));
    return out;
  }
}
