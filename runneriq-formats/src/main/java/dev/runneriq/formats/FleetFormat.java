package dev.runneriq.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.RunnerStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;

/** The fleet format ({@code runneriq.fleet/v1}): the runners, as YAML or JSON. */
public final class FleetFormat {
  public static final String FORMAT = "runneriq.fleet/v1";

  private FleetFormat() {}

  public static List<Runner> read(Path file) {
    return readFleet(file).runners();
  }

  /** The runners of a fleet file, with what only the simulator reads of each. */
  public static Fleet readFleet(Path file) {
    return parseFleet(Documents.read(file), file.toString());
  }

  public static List<Runner> parse(JsonNode doc, String source) {
    return parseFleet(doc, source).runners();
  }

  public static Fleet parseFleet(JsonNode doc, String source) {
    return fleet(Node.root(doc, source, 0), FleetFormat::simTraits);
  }

  /** The {@code runners} list of a fleet or context document; ids must be unique. */
  static List<Runner> runners(Node root) {
    return fleet(root, n -> Fleet.SimTraits.NONE).runners();
  }

  private static Fleet fleet(Node root, Function<Node, Fleet.SimTraits> traits) {
    var out = new ArrayList<Runner>();
    var sim = new ArrayList<Fleet.SimTraits>();
    var ids = new HashSet<Long>();
    for (var n : root.objects("runners", true)) {
      var r = runner(n);
      if (!ids.add(r.id())) {
        throw n.error("id", "must be unique, but " + r.id() + " appears twice");
      }
      out.add(r);
      sim.add(traits.apply(n));
    }
    return new Fleet(out, sim);
  }

  /** What only the simulator reads of one runner object of a fleet. */
  private static Fleet.SimTraits simTraits(Node n) {
    double rate = n.numberBetween("system_failure_rate", 0, 1, 0);
    Double actual =
        n.has("actual_speed")
            ? n.numberBetween("actual_speed", Bounds.MIN_SPEED, Bounds.MAX_SPEED)
            : null;
    return rate == 0 && actual == null ? Fleet.SimTraits.NONE : new Fleet.SimTraits(rate, actual);
  }

  /** One runner object: the fleet fields, plus {@code running} and {@code stats} when present. */
  public static Runner runner(Node n) {
    long id = n.integer("id");
    String name = n.string("name");
    long concurrency = n.integerBetween("concurrency", 1, Bounds.MAX_CONCURRENCY);
    long running = n.integer("running", 0);
    if (running < 0) {
      throw n.error("running", "must not be negative, but was " + running);
    }
    double speed = n.numberBetween("speed", Bounds.MIN_SPEED, Bounds.MAX_SPEED, 1.0);
    double watts = n.number("watts", 100);
    if (watts < 0) {
      throw n.error("watts", "must not be negative, but was " + watts);
    }
    RunnerStats stats = null;
    var s = n.optObject("stats");
    if (s != null) {
      double rate = s.number("success_rate", 1.0);
      if (rate < 0 || rate > 1) {
        throw s.error("success_rate", "must be between 0 and 1, but was " + rate);
      }
      double factor = s.numberBetween("duration_factor", Bounds.MIN_SPEED, Bounds.MAX_SPEED, 1.0);
      stats = new RunnerStats(s.integer("jobs", 0), rate, factor);
    }
    return Runner.builder(id, name)
        .type(n.string("runner_type", Runner.INSTANCE_TYPE))
        .tags(n.strings("tag_list"))
        .runUntagged(n.bool("run_untagged", true))
        .accessLevel(n.string("access_level", Runner.NOT_PROTECTED))
        .paused(n.bool("paused", false))
        .online(n.bool("online", true))
        .concurrency((int) Math.min(Integer.MAX_VALUE, concurrency))
        .running((int) Math.min(Integer.MAX_VALUE, running))
        .zone(n.optString("zone"))
        .watts(watts)
        .speed(speed)
        .projects(n.strings("projects"))
        .groups(n.strings("groups"))
        .maximumTimeoutS(n.optInteger("maximum_timeout"))
        .stats(stats)
        .build();
  }

  /** A fleet document (no {@code running}, no {@code stats}). */
  public static ObjectNode write(List<Runner> runners) {
    var root = Documents.JSON.createObjectNode();
    root.put("format", FORMAT);
    var arr = root.putArray("runners");
    for (var r : runners) {
      writeRunner(arr, r, false);
    }
    return root;
  }

  static void writeRunner(ArrayNode arr, Runner r, boolean live) {
    var o = arr.addObject();
    o.put("id", r.id());
    o.put("name", r.name());
    o.put("runner_type", r.runnerType());
    var tags = o.putArray("tag_list");
    r.tagList().forEach(tags::add);
    o.put("run_untagged", r.runUntagged());
    o.put("access_level", r.accessLevel());
    o.put("paused", r.paused());
    o.put("online", r.online());
    o.put("concurrency", r.concurrency());
    if (live) {
      o.put("running", r.running());
    }
    if (r.zone() != null) {
      o.put("zone", r.zone());
    }
    o.put("watts", r.watts());
    o.put("speed", r.speed());
    var projects = o.putArray("projects");
    r.projects().forEach(projects::add);
    var groups = o.putArray("groups");
    r.groups().forEach(groups::add);
    if (r.maximumTimeoutS() != null) {
      o.put("maximum_timeout", r.maximumTimeoutS());
    }
    var stats = r.stats();
    if (live && stats != null) {
      var s = o.putObject("stats");
      s.put("jobs", stats.jobs());
      s.put("success_rate", stats.successRate());
      s.put("duration_factor", stats.durationFactor());
    }
  }
}
