package dev.runneriq.app.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * MCP over stdin and stdout, one JSON-RPC message a line, for the SDK's server. Unlike the SDK's
 * own stdio transport, no line stops it: a line that is not a message (or a request whose params do
 * not have its method's shape) is answered with a JSON-RPC error ({@link JsonRpcCheck}), and a
 * message whose handling fails (a notification with bad params, a request to the client that is
 * never answered) is dropped; the next line is read either way. {@link #ended()} completes when
 * stdin does.
 */
final class StdioTransport implements McpServerTransportProvider {
  private final JsonRpcLines lines;
  private final OutputStream out;
  private final McpJsonMapper json;
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private volatile @Nullable McpServerSession session;

  StdioTransport(JsonRpcLines lines, OutputStream out, McpJsonMapper json) {
    this.lines = lines;
    this.out = out;
    this.json = json;
  }

  /** Completes when stdin ends (or cannot be read any more). */
  CompletableFuture<Void> ended() {
    return ended;
  }

  @Override
  public void setSessionFactory(McpServerSession.Factory factory) {
    var s = factory.create(new Session());
    session = s;
    Thread.ofPlatform().daemon().name("runneriq-mcp-stdin").start(() -> read(s));
  }

  private void read(McpServerSession s) {
    try {
      for (var read = lines.next(); read != null; read = lines.next()) {
        switch (read) {
          case JsonRpcCheck.Message m -> s.handle(m.message()).onErrorComplete().subscribe();
          case JsonRpcCheck.Refusal r -> write(r.answer());
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // stdin or stdout is gone: the client has left, as at the end of stdin
    } finally {
      ended.complete(null);
    }
  }

  /** Writes one message as one line; the lock keeps concurrent answers from interleaving. */
  private void write(Object message) {
    try {
      byte[] bytes = json.writeValueAsString(message).getBytes(StandardCharsets.UTF_8);
      synchronized (out) {
        out.write(bytes);
        out.write('\n');
        out.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    var s = session;
    return s == null ? Mono.empty() : s.sendNotification(method, params);
  }

  @Override
  public Mono<Void> closeGracefully() {
    var s = session;
    return s == null ? Mono.empty() : s.closeGracefully();
  }

  /** The one session: stdio has one client. */
  private final class Session implements McpServerTransport {
    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
      return Mono.fromRunnable(() -> write(message));
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
      return json.convertValue(data, typeRef);
    }

    @Override
    public Mono<Void> closeGracefully() {
      return Mono.empty();
    }
  }
}
