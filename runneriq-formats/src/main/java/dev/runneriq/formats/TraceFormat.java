package dev.runneriq.formats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.core.model.Pipeline;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The trace format ({@code runneriq.trace/v1}): JSON Lines, one pipeline per line, optionally gzip
 * compressed. Errors name the file, the line, the JSON pointer and the field.
 */
public final class TraceFormat {
  public static final String FORMAT = "runneriq.trace/v1";

  private TraceFormat() {}

  /** Reads a trace file; gzip is recognised by its magic bytes, whatever the name. */
  public static Trace read(Path file) {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
      return parse(maybeGunzip(raw), file.toString());
    } catch (NoSuchFileException e) {
      throw new FormatException(file.toString(), "", "no such file");
    } catch (IOException e) {
      throw new FormatException(file.toString(), "", "cannot read: " + e.getMessage());
    }
  }

  /** Parses a trace from {@code in} (plain JSON Lines), named {@code source} in errors. */
  public static Trace parse(InputStream in, String source) throws IOException {
    var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    var pipelines = new ArrayList<TracePipeline>();
    var pipelineIds = new HashSet<Long>();
    var jobIds = new HashSet<Long>();
    String line;
    int lineNo = 0;
    while ((line = reader.readLine()) != null) {
      lineNo++;
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      var root = Node.root(json(t, source, lineNo), source, lineNo);
      var p = pipeline(root);
      if (!pipelineIds.add(p.id())) {
        throw root.error("id", "must be unique in the trace, but " + p.id() + " appears twice");
      }
      var jobNodes = root.objects("jobs", true);
      for (int i = 0; i < p.jobs().size(); i++) {
        long id = p.jobs().get(i).id();
        if (!jobIds.add(id)) {
          throw jobNodes.get(i).error("id", "must be unique in the trace, but " + id + " repeats");
        }
      }
      pipelines.add(p);
    }
    if (pipelines.isEmpty()) {
      throw new FormatException(source, "", "the trace has no pipelines");
    }
    return new Trace(source, pipelines);
  }

  private static com.fasterxml.jackson.databind.JsonNode json(String text, String file, int line) {
    try {
      return Documents.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      String col = loc == null ? "" : " column " + loc.getColumnNr();
      throw new FormatException(
          file, "line " + line + col, "not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** One pipeline object (one line of a trace). */
  public static TracePipeline pipeline(Node root) {
    var pipeline = ContextFormat.pipeline(root);
    var created = root.time("created_at");
    if (pipeline.stages().isEmpty()) {
      throw root.error("stages", "must name at least one stage");
    }
    if (!List.of(Pipeline.BRANCH, Pipeline.TAG, Pipeline.MERGE_REQUEST)
        .contains(pipeline.refKind())) {
      throw root.error(
          "ref_kind",
          "must be branch, tag or merge_request, but was " + Printable.clip(pipeline.refKind()));
    }
    var nodes = root.objects("jobs", true);
    if (nodes.isEmpty()) {
      throw root.error("jobs", "must hold at least one job");
    }
    var jobs = new ArrayList<TraceJob>(nodes.size());
    var names = new HashMap<String, Node>();
    for (int i = 0; i < nodes.size(); i++) {
      var n = nodes.get(i);
      var job = job(n, pipeline.id() * 1000 + i, created, pipeline);
      if (names.put(job.name(), n) != null) {
        throw n.error(
            "name",
            "must be unique in the pipeline, but '" + Printable.clip(job.name()) + "' repeats");
      }
      jobs.add(job);
    }
    for (int i = 0; i < jobs.size(); i++) {
      var needs = jobs.get(i).needs();
      if (needs != null) {
        for (int k = 0; k < needs.size(); k++) {
          if (!names.containsKey(needs.get(k))) {
            throw nodes
                .get(i)
                .error(
                    "needs/" + k, "names no job of this pipeline: " + Printable.clip(needs.get(k)));
          }
        }
      }
    }
    checkAcyclic(jobs, nodes);
    return new TracePipeline(pipeline, created, root.optInteger("project_id"), jobs);
  }

  private static TraceJob job(Node n, long defaultId, java.time.Instant created, Pipeline p) {
    long id = n.has("id") ? n.integer("id") : defaultId;
    var spec = ContextFormat.job(n, id, created, p);
    if (!p.stages().contains(spec.stage())) {
      throw n.error(
          "stage",
          "must be one of the pipeline's stages "
              + Printable.clip(p.stages().toString())
              + ", but was "
              + Printable.clip(spec.stage()));
    }
    double duration = n.seconds("duration_s");
    String status = n.string("status", "success");
    if (!status.equals("success") && !status.equals("failed")) {
      throw n.error("status", "must be success or failed, but was " + Printable.clip(status));
    }
    String when = n.string("when", TraceJob.ON_SUCCESS);
    if (!TraceJob.WHENS.contains(when)) {
      throw n.error(
          "when", "must be one of " + TraceJob.WHENS + ", but was " + Printable.clip(when));
    }
    double startIn = n.seconds("start_in_s", 0);
    List<String> needs = n.has("needs") ? n.strings("needs") : null;
    return new TraceJob(
        spec,
        needs,
        duration,
        status.equals("failed"),
        n.bool("allow_failure", false),
        when,
        startIn);
  }

  /** Rejects {@code needs} that wait on each other in a circle: such jobs would never start. */
  private static void checkAcyclic(List<TraceJob> jobs, List<Node> nodes) {
    var index = new HashMap<String, Integer>();
    for (int i = 0; i < jobs.size(); i++) {
      index.put(jobs.get(i).name(), i);
    }
    int[] state = new int[jobs.size()];
    for (int i = 0; i < jobs.size(); i++) {
      if (state[i] == 0 && cycleFrom(i, jobs, index, state)) {
        throw nodes.get(i).error("needs", "waits, through other jobs, on itself");
      }
    }
  }

  private static boolean cycleFrom(
      int i, List<TraceJob> jobs, Map<String, Integer> index, int[] state) {
    state[i] = 1;
    var needs = jobs.get(i).needs();
    for (String name : needs == null ? List.<String>of() : needs) {
      int k = java.util.Objects.requireNonNull(index.get(name), name);
      if (state[k] == 1 || (state[k] == 0 && cycleFrom(k, jobs, index, state))) {
        return true;
      }
    }
    state[i] = 2;
    return false;
  }

  private static InputStream maybeGunzip(InputStream in) throws IOException {
    in.mark(2);
    int a = in.read();
    int b = in.read();
    in.reset();
    return a == 0x1f && b == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
  }

  /** Writes {@code trace} as JSON Lines, gzip compressed when the name ends in {@code .gz}. */
  public static void write(Trace trace, Path file) {
    try (OutputStream raw = Files.newOutputStream(file)) {
      boolean gz = file.toString().toLowerCase(Locale.ROOT).endsWith(".gz");
      try (OutputStream out = gz ? new GZIPOutputStream(raw, 1 << 16) : raw) {
        write(trace, out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  public static void write(Trace trace, OutputStream out) throws IOException {
    var w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    w.write("# " + FORMAT + " " + trace.source().replaceAll("\\R", " ") + "\n");
    for (var p : trace.pipelines()) {
      w.write(Documents.JSON.writeValueAsString(toJson(p)));
      w.write('\n');
    }
    w.flush();
  }

  /** One pipeline as its trace object; defaults are left out. */
  public static ObjectNode toJson(TracePipeline tp) {
    var o = Documents.JSON.createObjectNode();
    var p = tp.pipeline();
    o.put("id", p.id());
    o.put("project", p.project());
    if (tp.projectId() != null) {
      o.put("project_id", tp.projectId());
    }
    o.put("ref", p.ref());
    o.put("ref_kind", p.refKind());
    putIf(o, "protected", p.protectedRef());
    putIf(o, "default_branch", p.defaultBranch());
    o.put("source", p.source());
    o.put("created_at", tp.createdAt().toString());
    if (p.user() != null) {
      o.put("user", p.user());
    }
    putIf(o, "user_is_bot", p.userIsBot());
    var stages = o.putArray("stages");
    p.stages().forEach(stages::add);
    var jobs = o.putArray("jobs");
    for (var j : tp.jobs()) {
      writeJob(jobs.addObject(), j);
    }
    return o;
  }

  private static void writeJob(ObjectNode o, TraceJob j) {
    var s = j.spec();
    o.put("id", s.id());
    o.put("name", s.name());
    o.put("stage", s.stage());
    if (j.needs() != null) {
      var needs = o.putArray("needs");
      j.needs().forEach(needs::add);
    }
    if (!s.tagList().isEmpty()) {
      var tags = o.putArray("tag_list");
      s.tagList().forEach(tags::add);
    }
    o.put("duration_s", j.durationS());
    if (j.failed()) {
      o.put("status", "failed");
    }
    putIf(o, "allow_failure", j.allowFailure());
    if (!j.when().equals(TraceJob.ON_SUCCESS)) {
      o.put("when", j.when());
    }
    if (j.when().equals(TraceJob.DELAYED)) {
      o.put("start_in_s", j.startInS());
    }
    var env = s.environment();
    if (env != null) {
      var e = o.putObject("environment");
      e.put("name", env.name());
      if (env.tier() != null) {
        e.put("tier", env.tier());
      }
    }
    if (s.timeoutS() != null) {
      o.put("timeout_s", s.timeoutS());
    }
    putIf(o, "interruptible", s.interruptible());
    if (!s.variables().isEmpty()) {
      var v = o.putObject("variables");
      s.variables().forEach(v::put);
    }
  }

  private static void putIf(ObjectNode o, String field, boolean value) {
    if (value) {
      o.put(field, true);
    }
  }
}
