package dev.runneriq.app.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.BiConsumer;

/**
 * What every answer tells the browser: the dashboard's scripts, styles and API calls come from this
 * origin only (no inline script or style, no plug-ins, no framing by any page), no MIME sniffing,
 * no referrer sent anywhere; and nothing but the static assets is kept in a cache, since the rest
 * is either behind the token or changes every poll. A servlet filter on every path (the routes, the
 * assets, /mcp) and Jetty's own error answers ({@link JsonErrors}) both apply it.
 */
final class SecurityHeaders implements Filter {
  static final String POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src"
          + " 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors"
          + " 'none'";

  /** Sets the headers every answer carries. */
  static void apply(BiConsumer<String, String> header) {
    header.accept("Content-Security-Policy", POLICY);
    header.accept("X-Content-Type-Options", "nosniff");
    header.accept("X-Frame-Options", "DENY");
    header.accept("Referrer-Policy", "no-referrer");
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    var res = (HttpServletResponse) response;
    apply(res::setHeader);
    if (!((HttpServletRequest) request).getRequestURI().startsWith("/assets/")) {
      res.setHeader("Cache-Control", "no-store");
    }
    chain.doFilter(request, response);
  }
}
