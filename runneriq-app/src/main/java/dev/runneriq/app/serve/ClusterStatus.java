package dev.runneriq.app.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.app.http.ClusterView;
import dev.runneriq.formats.Documents;
import dev.runneriq.store.ClusterStore;
import dev.runneriq.store.StoreException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * This instance's place among the replicas: a single instance on SQLite, or, on PostgreSQL, the
 * leader or a follower, as the store says.
 */
final class ClusterStatus implements ClusterView {
  private final String instance;
  private final @Nullable Leadership leadership;
  private final @Nullable ClusterStore cluster;

  ClusterStatus(String instance, @Nullable Leadership leadership, @Nullable ClusterStore cluster) {
    this.instance = instance;
    this.leadership = leadership;
    this.cluster = cluster;
  }

  @Override
  public boolean leading() {
    return leadership == null || leadership.leading();
  }

  @Override
  public String leader() {
    if (leadership == null || leadership.leading()) {
      return instance;
    }
    return published().map(ClusterStore.Published::leader).orElse("no one yet");
  }

  @Override
  public long term() {
    if (leadership == null) {
      return 0;
    }
    return leadership.leading()
        ? leadership.term()
        : published().map(ClusterStore.Published::term).orElse(0L);
  }

  @Override
  public int members() {
    if (cluster == null) {
      return 1;
    }
    try {
      return cluster.members().size();
    } catch (StoreException e) {
      return 0;
    }
  }

  private Optional<ClusterStore.Published> published() {
    if (cluster == null) {
      return Optional.empty();
    }
    try {
      return cluster.published();
    } catch (StoreException e) {
      return Optional.empty();
    }
  }

  @Override
  public ObjectNode json() {
    var root = Documents.JSON.createObjectNode();
    root.put("instance", instance);
    root.put("role", leading() ? "leader" : "follower");
    if (cluster == null || leadership == null) {
      root.put("store", "sqlite");
      root.put(
          "detail",
          "a single instance on SQLite: it leads, and a second instance on the same file refuses"
              + " to start; replicas need PostgreSQL");
      root.putArray("members").addObject().put("instance", instance).put("role", "leader");
      return root;
    }
    root.put("store", "postgresql");
    var problem = leadership.problem();
    if (problem != null) {
      root.put("problem", problem);
    }
    var p = published();
    var leader = root.putObject("leader");
    if (p.isEmpty()) {
      leader.putNull("instance");
    } else {
      var v = p.get();
      leader.put("instance", v.leader());
      leader.put("term", v.term());
      leader.put("elected_at", v.electedAt().toString());
      var at = v.publishedAt();
      if (at == null) {
        leader.putNull("published_at");
      } else {
        leader.put("published_at", at.toString());
      }
      leader.put("published_bytes", v.stateBytes());
    }
    var members = root.putArray("members");
    try {
      for (var m : cluster.members()) {
        members
            .addObject()
            .put("instance", m.instance())
            .put("role", m.role())
            .put("started_at", m.started().toString())
            .put("seen_at", m.seen().toString());
      }
    } catch (StoreException e) {
      root.put("problem", e.getMessage());
    }
    return root;
  }
}
