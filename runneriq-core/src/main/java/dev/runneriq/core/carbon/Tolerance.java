package dev.runneriq.core.carbon;

import dev.runneriq.core.model.PendingJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Which jobs are delay-tolerant: they may wait hours for a greener window, where every other job
 * waits at most a few minutes. A job is delay-tolerant when its pipeline's source is one of {@code
 * sources} (scheduled pipelines by default), when its project or name matches one of the opt-in
 * rules, or when its CI variable {@code variable} says {@code true}; the variable saying {@code
 * false} opts a job out whatever the rest says.
 *
 * @param sources pipeline sources whose jobs are delay-tolerant, e.g. {@code schedule}
 * @param variable the CI variable a job or project sets to opt in or out, e.g. {@code
 *     RUNNERIQ_DEFERRABLE}
 * @param projects project paths opted in: globs where {@code *} matches within one path segment and
 *     {@code **} across segments, e.g. {@code docs/*}
 * @param jobs job names opted in: Java regular expressions matched whole, e.g. {@code nightly-.*}
 */
public record Tolerance(
    Set<String> sources, String variable, List<String> projects, List<String> jobs) {

  public static final Tolerance DEFAULT =
      new Tolerance(Set.of("schedule"), "RUNNERIQ_DEFERRABLE", List.of(), List.of());

  public Tolerance {
    sources = Set.copyOf(sources);
    projects = List.copyOf(projects);
    jobs = List.copyOf(jobs);
    for (int i = 0; i < jobs.size(); i++) {
      compile(jobs.get(i), "carbon.deferrable.jobs[" + i + "]");
    }
    if (variable.isBlank()) {
      throw new IllegalArgumentException(
          "the opt-in variable must not be empty (carbon.deferrable.variable)");
    }
  }

  /** Why {@code job} is delay-tolerant, in a few words, or null when it is not. */
  public @Nullable String why(PendingJob job) {
    String v = job.variables().get(variable);
    if (v != null) {
      switch (v.trim().toLowerCase(Locale.ROOT)) {
        case "true", "yes", "1", "on" -> {
          return variable + "=" + v.trim();
        }
        case "false", "no", "0", "off" -> {
          return null;
        }
        default -> {}
      }
    }
    if (sources.contains(job.pipeline().source())) {
      return job.pipeline().source().equals("schedule")
          ? "scheduled pipeline"
          : "pipeline source " + job.pipeline().source();
    }
    for (String glob : projects) {
      if (globMatches(glob, job.project())) {
        return "project " + job.project() + " opted in";
      }
    }
    for (String regex : jobs) {
      if (Pattern.matches(regex, job.name())) {
        return "job " + job.name() + " opted in";
      }
    }
    return null;
  }

  /** {@code *} within a path segment, {@code **} across them; everything else literal. */
  static boolean globMatches(String glob, String path) {
    var regex = new StringBuilder();
    var literal = new ArrayList<Character>();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        flush(regex, literal);
        if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
          regex.append(".*");
          i++;
        } else {
          regex.append("[^/]*");
        }
      } else {
        literal.add(c);
      }
    }
    flush(regex, literal);
    return Pattern.matches(regex.toString(), path);
  }

  private static void flush(StringBuilder regex, List<Character> literal) {
    if (!literal.isEmpty()) {
      var s = new StringBuilder();
      literal.forEach(s::append);
      regex.append(Pattern.quote(s.toString()));
      literal.clear();
    }
  }

  private static void compile(String regex, String key) {
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "not a valid regular expression: " + regex + " (" + key + "): " + e.getDescription(), e);
    }
  }
}
