package dev.runneriq.app.serve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import dev.runneriq.app.http.LiveState;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a follower read of the leader's last state, so that its next read keeps what did not change:
 * a decision, pending job or runner read again equal to the one read before is that one, and of a
 * decision that changed, its job, priority, candidates, rejection histogram and explanation are
 * kept where they are equal. At 100,000 pending jobs the state is about 150 MB of objects, and the
 * collector copied all of it while each new state was read, pausing the follower's requests; now
 * what is read again is garbage at once and only what changed is copied. Equal in every field to
 * what a read without it gives.
 */
final class ReadBefore {
  /** The attribute of a read holding what was read before. */
  static final String ATTRIBUTE = "runneriq.read-before";

  /** Short texts kept past this many more than a read began with are let go at the next. */
  private static final int GROWTH = 10_000;

  private final List<Decision> decisions;
  private final IdIndex decisionOf;
  private final List<PendingJob> jobs;
  private final IdIndex jobOf;
  private final List<Runner> runners;
  private final IdIndex runnerOf;
  private final Map<Map<String, Integer>, Map<String, Integer>> histograms = new HashMap<>();
  private final Map<String, String> words;

  /** How many short texts the first read into {@link #words} left (-1: that read is this one). */
  private final int wordsBefore;

  private @Nullable Instant at;

  /** Nothing read before: every read object is its own. */
  ReadBefore() {
    this(new HashMap<>(), -1);
  }

  /** Nothing read before but these short texts. */
  private ReadBefore(Map<String, String> words, int wordsBefore) {
    this.decisions = List.of();
    this.decisionOf = new IdIndex(decisions, Decision::jobId);
    this.jobs = List.of();
    this.jobOf = new IdIndex(jobs, PendingJob::id);
    this.runners = List.of();
    this.runnerOf = new IdIndex(runners, Runner::id);
    this.words = words;
    this.wordsBefore = wordsBefore;
  }

  /**
   * What the read after this one needs of it, its short texts: not the state before, which would
   * otherwise stay in memory beside the one this read gave.
   */
  ReadBefore wordsOnly() {
    return new ReadBefore(words, wordsBefore);
  }

  /** What {@code before} holds, by job and runner id; its short texts read anew. */
  ReadBefore(LiveState before) {
    this(before, new ReadBefore());
  }

  /**
   * What {@code before} holds, and the short texts of {@code last}, the read that gave it (a
   * follower's next read): let go once they are twice as many as that read began with, and {@value
   * #GROWTH} more.
   */
  ReadBefore(LiveState before, ReadBefore last) {
    int had = last.words.size();
    boolean fresh = last.wordsBefore < 0;
    boolean grown = !fresh && had > 2 * last.wordsBefore + GROWTH;
    this.words = grown ? new HashMap<>() : last.words;
    this.wordsBefore = grown ? -1 : fresh ? had : last.wordsBefore;
    this.decisions = before.decisions();
    this.decisionOf = new IdIndex(decisions, Decision::jobId);
    for (var d : decisions) {
      histograms.putIfAbsent(d.rejections(), d.rejections());
    }
    this.jobs = before.snapshot().jobs();
    this.jobOf = new IdIndex(jobs, PendingJob::id);
    this.runners = before.snapshot().runners();
    this.runnerOf = new IdIndex(runners, Runner::id);
  }

  /**
   * The short texts of this read ({@link SharedTexts}), the same strings as the read before it
   * where equal.
   */
  Map<String, String> words() {
    return words;
  }

  /** {@code read}, or what was read before equal to it, or it made of parts read before. */
  Object keep(Object read) {
    return switch (read) {
      case Decision d -> decision(d);
      case PendingJob j -> same(at(jobs, jobOf.of(j.id())), j);
      case Runner r -> same(at(runners, runnerOf.of(r.id())), r);
      default -> read;
    };
  }

  @SuppressWarnings("ReferenceEquality") // whether a part read before was kept
  private Decision decision(Decision d) {
    var o = at(decisions, decisionOf.of(d.jobId()));
    if (d.equals(o)) {
      return Objects.requireNonNull(o);
    }
    var at = this.at != null && this.at.equals(d.at()) ? this.at : d.at();
    this.at = at;
    var histogram = histograms.putIfAbsent(d.rejections(), d.rejections());
    var job = o == null ? d.job() : same(o.job(), d.job());
    var priority = o == null ? d.priority() : same(o.priority(), d.priority());
    var candidates = o == null ? d.candidates() : same(o.candidates(), d.candidates());
    var explanation = o == null ? d.explanation() : same(o.explanation(), d.explanation());
    if (histogram == null
        && at == d.at()
        && job == d.job()
        && priority == d.priority()
        && candidates == d.candidates()
        && explanation == d.explanation()) {
      return d;
    }
    return new Decision(
        d.id(),
        at,
        d.mode(),
        d.jobId(),
        job,
        priority,
        d.action(),
        d.runnerId(),
        d.deferUntil(),
        d.decidedBy(),
        candidates,
        histogram == null ? d.rejections() : histogram,
        d.considered(),
        explanation,
        d.llm(),
        d.fallbackReason());
  }

  private static <T> @Nullable T at(List<T> list, int place) {
    return place < 0 ? null : list.get(place);
  }

  private static <T> T same(@Nullable T before, T read) {
    return read.equals(before) ? Objects.requireNonNull(before) : read;
  }

  /** Jackson's deserializers of decisions, pending jobs and runners, each read given to keep. */
  static final class Modifier extends BeanDeserializerModifier {
    private static final long serialVersionUID = 1L;

    @Override
    public JsonDeserializer<?> modifyDeserializer(
        DeserializationConfig config, BeanDescription description, JsonDeserializer<?> read) {
      var type = description.getBeanClass();
      return type == Decision.class || type == PendingJob.class || type == Runner.class
          ? new Keeping(read)
          : read;
    }
  }

  private static final class Keeping extends DelegatingDeserializer {
    private static final long serialVersionUID = 1L;

    Keeping(JsonDeserializer<?> read) {
      super(read);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> read) {
      return new Keeping(read);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      var read = super.deserialize(p, ctxt);
      return ctxt.getAttribute(ATTRIBUTE) instanceof ReadBefore before ? before.keep(read) : read;
    }
  }
}
