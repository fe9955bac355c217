package dev.runneriq.llm;

import dev.runneriq.core.decision.LlmRecord;
import dev.runneriq.core.engine.TieBreaker.Choice;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.placement.Candidate;
import dev.runneriq.core.priority.Priority;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The one piece of code between the engine and any model: checks the circuit breaker and the
 * budget, runs the call on a virtual thread under a hard deadline (cancelling it when the deadline
 * passes), validates the answer against the near-ties, and counts everything. Whatever goes wrong,
 * {@link #choose} returns the rule order (the first near-tie) with an {@link LlmRecord} whose
 * {@code accepted} is false and whose {@code error} says why; it never throws.
 */
final class Guard implements AutoCloseable {
  private final LlmConfig config;
  private final Transport transport;
  private final DailyBudget budget;
  private final ModelBreaker breaker;
  private final LlmStats stats = new LlmStats();
  private final ExecutorService calls =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("runneriq-llm-", 0).factory());

  Guard(LlmConfig config, Transport transport, InstantSource clock) {
    this.config = config;
    this.transport = transport;
    this.budget = new DailyBudget(config.budget(), clock);
    this.breaker = new ModelBreaker(config.breaker(), clock);
  }

  LlmStats stats() {
    return stats;
  }

  Choice choose(PendingJob job, Priority priority, List<Candidate> nearTies) {
    if (nearTies.size() < 2) {
      // Nothing to settle; the engine never asks for fewer than two.
      return new Choice(nearTies.isEmpty() ? -1 : nearTies.get(0).runnerId(), null);
    }
    long deadline = System.nanoTime() + config.timeout().toNanos();
    long ruleOrder = nearTies.get(0).runnerId();
    ModelBreaker.Permit permit = null;
    try {
      permit = breaker.tryAcquire();
      if (permit == null) {
        stats.fallback(Failure.CIRCUIT_OPEN);
        return fallback(ruleOrder, Failure.CIRCUIT_OPEN, breaker.refusal());
      }
      return ask(job, priority, nearTies, deadline, ruleOrder, permit);
    } catch (RuntimeException e) {
      // A bug here must not send the whole cycle to the FIFO floor.
      if (permit != null) {
        permit.release();
      }
      stats.fallback(Failure.MALFORMED);
      return fallback(ruleOrder, Failure.MALFORMED, "unexpected " + e.getClass().getSimpleName());
    }
  }

  private Choice ask(
      PendingJob job,
      Priority priority,
      List<Candidate> nearTies,
      long deadline,
      long ruleOrder,
      ModelBreaker.Permit permit) {
    String refused = budget.tryAcquire();
    if (refused != null) {
      permit.release();
      stats.fallback(Failure.BUDGET_EXHAUSTED);
      return fallback(ruleOrder, Failure.BUDGET_EXHAUSTED, refused);
    }
    var prompt = Prompt.of(job, priority, nearTies);
    long start = System.nanoTime();
    Future<Transport.Reply> call = calls.submit(() -> transport.send(prompt));
    Transport.Reply reply;
    try {
      reply = call.get(Math.max(0, deadline - start), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      return failed(permit, ruleOrder, start, null, 0, 0, Failure.TIMEOUT, timeoutWords());
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      return failed(
          permit, ruleOrder, start, null, 0, 0, Failure.TIMEOUT, "interrupted while waiting");
    } catch (ExecutionException e) {
      var cause = e.getCause();
      if (LlmCallException.isTimeout(cause)
          || (cause instanceof LlmCallException f && f.failure() == Failure.TIMEOUT)) {
        return failed(permit, ruleOrder, start, null, 0, 0, Failure.TIMEOUT, timeoutWords());
      }
      if (cause instanceof LlmCallException f) {
        return failed(permit, ruleOrder, start, null, 0, 0, f.failure(), words(f));
      }
      String what = cause == null ? "unknown" : cause.getClass().getSimpleName();
      return failed(
          permit, ruleOrder, start, null, 0, 0, Failure.API_ERROR, "call failed: " + what);
    }
    long in = reply.inputTokens();
    long out = reply.outputTokens();
    var arguments = reply.arguments();
    if (arguments == null) {
      return failed(permit, ruleOrder, start, null, in, out, Failure.MALFORMED, reply.problem());
    }
    Answer answer;
    try {
      answer = Answer.parse(arguments);
    } catch (LlmCallException e) {
      return failed(permit, ruleOrder, start, null, in, out, e.failure(), words(e));
    }
    if (!prompt.runnerIds().contains(answer.runnerId())) {
      String why =
          "chose runner "
              + answer.runnerId()
              + ", which is not among the near-ties "
              + prompt.runnerIds();
      return failed(
          permit, ruleOrder, start, answer.runnerId(), in, out, Failure.OUTSIDE_NEAR_TIES, why);
    }
    long latency = counted(start, in, out);
    permit.succeeded();
    stats.accepted();
    return new Choice(
        answer.runnerId(),
        new LlmRecord(
            config.provider().wire(),
            config.model(),
            answer.runnerId(),
            redact(answer.rationale()),
            latency,
            in,
            out,
            true,
            null));
  }

  /** A call was made and its answer cannot be used. */
  private Choice failed(
      ModelBreaker.Permit permit,
      long ruleOrder,
      long start,
      @Nullable Long chosen,
      long in,
      long out,
      Failure failure,
      String detail) {
    long latency = counted(start, in, out);
    permit.failed(failure);
    stats.fallback(failure);
    return new Choice(ruleOrder, record(chosen, latency, in, out, failure, detail));
  }

  /** No call was made (budget, breaker). */
  private Choice fallback(long ruleOrder, Failure failure, String detail) {
    return new Choice(ruleOrder, record(null, 0, 0, 0, failure, detail));
  }

  private LlmRecord record(
      @Nullable Long chosen, long latency, long in, long out, Failure failure, String detail) {
    return new LlmRecord(
        config.provider().wire(),
        config.model(),
        chosen,
        null,
        latency,
        in,
        out,
        false,
        failure.label() + ": " + redact(detail));
  }

  /** Counts a call that went out, with its latency and cost; returns the latency in ms. */
  private long counted(long start, long in, long out) {
    long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    double usd = config.effectivePrice().usd(in, out);
    budget.spend(usd);
    stats.call(latency, in, out, usd);
    return latency;
  }

  private String timeoutWords() {
    return "no answer within " + config.timeout().toMillis() + " ms";
  }

  private static String words(LlmCallException e) {
    String m = e.getMessage();
    return m == null ? e.failure().label() : m;
  }

  /** Never lets the API key into a decision, however it got into a message. */
  private String redact(String s) {
    String key = config.apiKey();
    return key == null ? s : s.replace(key, "[redacted]");
  }

  @Override
  public void close() {
    calls.shutdownNow();
    transport.close();
  }
}
