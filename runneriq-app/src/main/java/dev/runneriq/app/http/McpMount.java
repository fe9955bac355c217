package dev.runneriq.app.http;

import dev.runneriq.app.mcp.McpServers;
import dev.runneriq.app.mcp.RunnerIqTools;
import dev.runneriq.formats.Documents;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * The MCP endpoint on the service's port: the official SDK's streamable-HTTP transport is a
 * servlet, so it is mounted on Javalin's Jetty context beside Javalin's own servlet (an exact
 * {@code /mcp} mapping wins over Javalin's {@code /*}). Javalin's before-handlers do not see those
 * requests, so the same bearer-token check runs here as a servlet filter.
 */
final class McpMount implements AutoCloseable {
  static final String PATH = "/mcp";

  private final McpServers.Http mcp;
  private final BearerAuth auth;

  McpMount(RunnerIqTools tools, BearerAuth auth, long maxRequestBytes) {
    this.mcp = McpServers.http(tools, PATH, (int) Math.min(Integer.MAX_VALUE, maxRequestBytes));
    this.auth = auth;
  }

  void mount(ServletContextHandler context) {
    var guard = new FilterHolder((Filter) this::authorize);
    guard.setAsyncSupported(true);
    context.addFilter(guard, PATH, EnumSet.of(DispatcherType.REQUEST));
    var servlet = new ServletHolder(mcp.servlet());
    servlet.setAsyncSupported(true);
    context.addServlet(servlet, PATH);
  }

  private void authorize(
      jakarta.servlet.ServletRequest request,
      jakarta.servlet.ServletResponse response,
      jakarta.servlet.FilterChain chain)
      throws java.io.IOException, jakarta.servlet.ServletException {
    var req = (HttpServletRequest) request;
    if (auth.allows(req.getHeader("Authorization"))) {
      chain.doFilter(request, response);
      return;
    }
    var res = (HttpServletResponse) response;
    var body = Documents.JSON.createObjectNode();
    body.putObject("error")
        .put("status", 401)
        .put("message", "missing or wrong bearer token (Authorization: Bearer <token>)");
    res.setStatus(401);
    res.setHeader("WWW-Authenticate", "Bearer realm=\"runneriq\"");
    res.setContentType("application/json");
    res.getOutputStream().write(body.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    mcp.close();
  }
}
