package dev.runneriq.gitlab.monitor;

import dev.runneriq.gitlab.client.GitLabApiException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a poll left out because GitLab answered 403 or 404 for it: the things of the scope (read
 * every few polls, so kept until the scope is read again) and those of this poll. Each thing is
 * logged once, the first time. Not thread-safe: the Monitor's poll owns it.
 */
final class Skips {
  private static final System.Logger LOG = System.getLogger(Monitor.class.getName());

  private final List<String> scope = new ArrayList<>();
  private final List<String> poll = new ArrayList<>();
  private final Set<String> warned = new HashSet<>();

  /** A new poll: what the last one skipped is forgotten, the scope's notes stay. */
  void newPoll() {
    poll.clear();
  }

  /** The scope is being read again. */
  void newScope() {
    scope.clear();
  }

  void scope(String what, GitLabApiException e) {
    add(scope, what, e);
  }

  void poll(String what, GitLabApiException e) {
    add(poll, what, e);
  }

  /** Everything left out as of the last poll: the scope's notes, then the poll's. */
  List<String> notes() {
    var out = new ArrayList<>(scope);
    out.addAll(poll);
    return out;
  }

  private void add(List<String> into, String what, GitLabApiException e) {
    String note = what + " skipped: " + e.getMessage();
    into.add(note);
    if (warned.add(what)) {
      LOG.log(System.Logger.Level.WARNING, note + " (the rest of the poll stands)");
    }
  }
}
