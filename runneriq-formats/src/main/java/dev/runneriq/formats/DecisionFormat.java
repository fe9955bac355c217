package dev.runneriq.formats;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.decision.LlmRecord;
import dev.runneriq.core.placement.Candidate;
import java.util.List;

/** Decisions as JSON ({@code runneriq.decision/v1}, and the {@code decisions/v1} wrapper). */
public final class DecisionFormat {
  public static final String FORMAT = "runneriq.decision/v1";
  public static final String LIST_FORMAT = "runneriq.decisions/v1";

  private DecisionFormat() {}

  public static ObjectNode writeAll(List<Decision> decisions) {
    var root = Documents.JSON.createObjectNode();
    root.put("format", LIST_FORMAT);
    var arr = root.putArray("decisions");
    decisions.forEach(d -> arr.add(write(d)));
    return root;
  }

  public static ObjectNode write(Decision d) {
    var o = Documents.JSON.createObjectNode();
    o.put("format", FORMAT);
    o.put("id", d.id());
    o.put("at", d.at().toString());
    o.put("mode", d.mode());
    o.put("job_id", d.jobId());
    var job = o.putObject("job");
    job.put("name", d.job().name());
    job.put("stage", d.job().stage());
    job.put("project", d.job().project());
    job.put("pipeline_id", d.job().pipelineId());
    job.put("ref", d.job().ref());
    var p = o.putObject("priority");
    p.put("score", d.priority().score());
    p.put("tier", d.priority().tier().name());
    var factors = p.putArray("factors");
    for (var f : d.priority().factors()) {
      var fo = factors.addObject();
      fo.put("factor", f.factor());
      fo.put("points", f.points());
      fo.put("detail", f.detail());
    }
    o.put("action", d.action().wire());
    if (d.runnerId() == null) {
      o.putNull("runner_id");
    } else {
      o.put("runner_id", d.runnerId());
    }
    if (d.deferUntil() == null) {
      o.putNull("defer_until");
    } else {
      o.put("defer_until", d.deferUntil().toString());
    }
    o.put("decided_by", d.decidedBy().wire());
    var cands = o.putArray("candidates");
    for (Candidate c : d.candidates()) {
      var co = cands.addObject();
      co.put("runner_id", c.runnerId());
      co.put("total", c.total());
      var scores = co.putArray("scores");
      for (var s : c.scores()) {
        var so = scores.addObject();
        so.put("scorer", s.scorer());
        if (s.raw() == null) {
          so.putNull("raw");
        } else {
          so.put("raw", s.raw());
        }
        so.put("normalized", s.normalized());
        so.put("weight", s.weight());
      }
    }
    var rej = o.putObject("rejections");
    d.rejections().forEach(rej::put);
    o.put("considered", d.considered());
    o.put("explanation", d.explanation().text());
    LlmRecord llm = d.llm();
    if (llm == null) {
      o.putNull("llm");
    } else {
      var lo = o.putObject("llm");
      lo.put("provider", llm.provider());
      lo.put("model", llm.model());
      if (llm.chosenRunnerId() == null) {
        lo.putNull("chosen_runner_id");
      } else {
        lo.put("chosen_runner_id", llm.chosenRunnerId());
      }
      lo.put("rationale", llm.rationale());
      lo.put("latency_ms", llm.latencyMs());
      lo.put("input_tokens", llm.inputTokens());
      lo.put("output_tokens", llm.outputTokens());
      lo.put("accepted", llm.accepted());
      lo.put("error", llm.error());
    }
    o.put("fallback_reason", d.fallbackReason());
    return o;
  }
}
