package dev.runneriq.app.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Which instance leads, for {@code GET /api/v1/cluster}, {@code /readyz} and the metrics: a single
 * instance on SQLite always leads; of replicas on PostgreSQL, the holder of the store's lease.
 */
public interface ClusterView {
  /** Whether this instance leads (polls GitLab, decides, acts). */
  boolean leading();

  /** Who leads, as well as known, for "follows …". */
  String leader();

  /** The leader's term: one more at each election; 0 for a single instance. */
  long term();

  /** Instances seen alive lately, this one included. */
  int members();

  /** Who leads, in words, for {@code /readyz}. */
  default String detail() {
    long t = term();
    return leading()
        ? "this instance leads" + (t == 0 ? " (single instance)" : " (term " + t + ")")
        : "follows " + leader() + " (term " + t + ")";
  }

  /** The whole picture, for {@code GET /api/v1/cluster}. */
  ObjectNode json();

  /** A server on its own (not a running service's): it leads, alone. */
  static ClusterView single(String instance) {
    return new ClusterView() {
      @Override
      public boolean leading() {
        return true;
      }

      @Override
      public String leader() {
        return instance;
      }

      @Override
      public long term() {
        return 0;
      }

      @Override
      public int members() {
        return 1;
      }

      @Override
      public ObjectNode json() {
        var root = dev.runneriq.formats.Documents.JSON.createObjectNode();
        root.put("instance", instance).put("role", "leader").put("store", "sqlite");
        root.putArray("members").addObject().put("instance", instance).put("role", "leader");
        return root;
      }
    };
  }
}
