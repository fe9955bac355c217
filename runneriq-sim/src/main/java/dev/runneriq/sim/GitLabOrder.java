package dev.runneriq.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.IntPredicate;

/**
 * GitLab's own dispatch. A runner with a free slot asks for a job and gets the oldest matching
 * pending job (smallest job id) — for every runner under {@code fifo}; under {@code fair}, instance
 * runners instead get a job of the project with the fewest jobs running on instance runners, the
 * oldest of that project first (GitLab's fair scheduling), while project and group runners still
 * get the oldest. Which free runner asks first is a seeded rotation, as runners poll independently.
 * A job's age is its id's rank; a retried job is a new job, the newest of all.
 */
final class GitLabOrder implements Policy {
  private final Simulation sim;
  private final World w;
  private final boolean fair;
  private final IntPredicate excluded;
  private final IntHeap[] bySignature;
  private final BitSet dirty;

  /** Each job's rank by job id, the smaller the older; a retried job gets a new, larger one. */
  private final int[] age;

  private final IntHeap.Order older;
  private int nextAge;

  /** Jobs pending here now; a heap may still hold a job taken through another heap. */
  private final boolean[] queued;

  // fair scheduling only: per (signature, project) queues, ordered per signature
  private final ProjectQueue[] queues;
  private final List<TreeSet<ProjectQueue>> fairOrder = new ArrayList<>();
  private final List<List<ProjectQueue>> queuesOfProject = new ArrayList<>();

  GitLabOrder(Simulation sim, boolean fair, IntPredicate excluded) {
    this.sim = sim;
    this.w = sim.world();
    this.fair = fair;
    this.excluded = excluded;
    age = new int[w.jobCount()];
    Arrays.setAll(age, j -> j);
    nextAge = age.length;
    queued = new boolean[age.length];
    older = (a, b) -> age[a] < age[b];
    int sigs = w.signatures.count();
    bySignature = new IntHeap[sigs];
    for (int s = 0; s < sigs; s++) {
      bySignature[s] = new IntHeap(older);
      fairOrder.add(new TreeSet<>(ProjectQueue.FAIR));
    }
    for (int p = 0; p < w.projects.length; p++) {
      queuesOfProject.add(new ArrayList<>());
    }
    queues = new ProjectQueue[fair ? sigs * w.projects.length : 0];
    dirty = new BitSet(w.runners.length);
  }

  @Override
  public boolean excludes(int job) {
    return excluded.test(job);
  }

  @Override
  public void pending(int job, long now) {
    if (sim.runnerFault(job)) {
      retried(job); // GitLab's automatic retry after its runner failed it: a new job
    }
    int s = w.signature[job];
    queued[job] = true;
    bySignature[s].add(job);
    if (fair) {
      var q = queue(s, w.projectOf[job]);
      var set = fairOrder.get(s);
      boolean queued = !q.jobs.isEmpty();
      if (queued) {
        set.remove(q);
      }
      q.jobs.add(job);
      q.rekey(sim, age);
      set.add(q);
    }
    dirty.or(w.signatures.runners(s));
  }

  /** {@code job} is retried: it is pending again as a new job, younger than every other. */
  void retried(int job) {
    // a heap keeps its order only while its items' ages stay as they were
    bySignature[w.signature[job]].removeIf(j -> j == job);
    age[job] = nextAge++;
  }

  /** {@code job} leaves the queue without a runner taking it (GitLab's cancel of a pending job). */
  void withdraw(int job) {
    if (!queued[job]) {
      return;
    }
    queued[job] = false;
    int s = w.signature[job];
    bySignature[s].removeIf(j -> j == job);
    if (fair) {
      var q = queue(s, w.projectOf[job]);
      var set = fairOrder.get(s);
      set.remove(q);
      q.jobs.removeIf(j -> j == job);
      if (!q.jobs.isEmpty()) {
        q.rekey(sim, age);
        set.add(q);
      }
    }
  }

  @Override
  public void finished(int job, int runner, long now) {
    dirty.set(runner);
    if (fair && w.instanceRunner[runner]) {
      rekeyProject(w.projectOf[job]);
    }
  }

  @Override
  public void dispatch(long now) {
    var candidates = (BitSet) dirty.clone();
    candidates.and(sim.freeRunners());
    dirty.clear();
    if (candidates.isEmpty()) {
      return;
    }
    int offset = sim.random().nextInt(w.runners.length);
    for (int r = candidates.nextSetBit(offset); r >= 0; r = candidates.nextSetBit(r + 1)) {
      fill(r);
    }
    for (int r = candidates.nextSetBit(0); r >= 0 && r < offset; r = candidates.nextSetBit(r + 1)) {
      fill(r);
    }
  }

  private void fill(int r) {
    while (sim.freeRunners().get(r)) {
      int job = fair && w.instanceRunner[r] ? takeFair(r) : takeOldest(r);
      if (job < 0) {
        return;
      }
      sim.start(job, r);
      if (fair && w.instanceRunner[r]) {
        rekeyProject(w.projectOf[job]);
      }
    }
  }

  /** The oldest pending job runner {@code r} may take, removed from the queues; -1 if none. */
  private int takeOldest(int r) {
    int best = -1;
    for (int s : w.signatures.ofRunner(r)) {
      var h = bySignature[s];
      while (!h.isEmpty() && !queued[h.peek()]) {
        h.poll();
      }
      if (!h.isEmpty() && (best < 0 || age[h.peek()] < age[best])) {
        best = h.peek();
      }
    }
    if (best >= 0) {
      queued[best] = false;
      bySignature[w.signature[best]].poll();
      if (fair) {
        removeFromProjectQueue(best);
      }
    }
    return best;
  }

  /** GitLab's fair pick for instance runner {@code r}, removed from the queues; -1 if none. */
  private int takeFair(int r) {
    ProjectQueue best = null;
    for (int s : w.signatures.ofRunner(r)) {
      var set = fairOrder.get(s);
      if (!set.isEmpty() && (best == null || ProjectQueue.FAIR.compare(set.first(), best) < 0)) {
        best = set.first();
      }
    }
    if (best == null) {
      return -1;
    }
    int job = best.jobs.peek();
    queued[job] = false;
    removeFromProjectQueue(job);
    return job;
  }

  private void removeFromProjectQueue(int job) {
    var q = queue(w.signature[job], w.projectOf[job]);
    var set = fairOrder.get(q.signature);
    set.remove(q);
    int head = q.jobs.poll();
    if (head != job) {
      throw new IllegalStateException("fair queue out of order");
    }
    if (!q.jobs.isEmpty()) {
      q.rekey(sim, age);
      set.add(q);
    }
  }

  private void rekeyProject(int project) {
    for (var q : queuesOfProject.get(project)) {
      if (!q.jobs.isEmpty()) {
        var set = fairOrder.get(q.signature);
        set.remove(q);
        q.rekey(sim, age);
        set.add(q);
      }
    }
  }

  private ProjectQueue queue(int signature, int project) {
    int i = signature * w.projects.length + project;
    var q = queues[i];
    if (q == null) {
      q = new ProjectQueue(signature, project, older);
      queues[i] = q;
      queuesOfProject.get(project).add(q);
    }
    return q;
  }

  /** The pending jobs of one project with one signature, keyed for fair scheduling. */
  private static final class ProjectQueue {
    static final Comparator<ProjectQueue> FAIR =
        Comparator.<ProjectQueue>comparingInt(q -> q.keyRunning)
            .thenComparingInt(q -> q.keyHead)
            .thenComparingInt(q -> q.project);

    final int signature;
    final int project;
    final IntHeap jobs;
    int keyRunning;
    int keyHead;

    ProjectQueue(int signature, int project, IntHeap.Order older) {
      this.signature = signature;
      this.project = project;
      this.jobs = new IntHeap(older);
    }

    /** Refreshes the sort key; only while out of its ordered set. */
    void rekey(Simulation sim, int[] age) {
      keyRunning = sim.instanceRunning(project);
      keyHead = age[jobs.peek()];
    }
  }
}
