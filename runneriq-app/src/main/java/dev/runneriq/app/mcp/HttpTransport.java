package dev.runneriq.app.mcp;

import dev.runneriq.app.http.ApiError;
import dev.runneriq.app.http.Bodies;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * MCP over streamable HTTP: the SDK's servlet behind RunnerIQ's checks. A POST's body is read here,
 * within the service's bounds ({@link Bodies}), and checked as on stdio ({@link JsonRpcCheck});
 * what the SDK cannot take is answered at once with a JSON-RPC error in words. Where the SDK itself
 * answers with an error status (no session, an unknown session, a wrong Accept header), its body —
 * the serialized exception, frames and all — is replaced by a JSON-RPC error saying what to do.
 */
final class HttpTransport extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient HttpServletStreamableServerTransportProvider sdk;
  private final transient JsonRpcCheck check;
  private final int maxRequestBytes;

  HttpTransport(
      HttpServletStreamableServerTransportProvider sdk, JsonRpcCheck check, int maxRequestBytes) {
    this.sdk = sdk;
    this.check = check;
    this.maxRequestBytes = maxRequestBytes;
  }

  @Override
  public void init(ServletConfig config) throws ServletException {
    super.init(config);
    sdk.init(config);
  }

  @Override
  public void destroy() {
    sdk.destroy();
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    HttpServletRequest forward = request;
    if ("POST".equals(request.getMethod())) {
      byte[] body;
      try {
        body = Bodies.read(request, maxRequestBytes);
      } catch (ApiError e) {
        answer(
            response,
            e.status(),
            JsonRpcCheck.refusal(
                null, JsonRpcCheck.INVALID_REQUEST, String.valueOf(e.getMessage())));
        return;
      }
      var read = check.check(body);
      if (read == null) {
        answer(
            response,
            400,
            JsonRpcCheck.refusal(null, JsonRpcCheck.INVALID_REQUEST, "the body is empty"));
        return;
      }
      if (read instanceof JsonRpcCheck.Refusal r) {
        // a request with params of the wrong shape is answered as a request; the rest is refused
        answer(response, r.code() == JsonRpcCheck.INVALID_PARAMS ? 200 : 400, r);
        return;
      }
      forward = new Buffered(request, body);
    }
    sdk.service(forward, new InWords(response, request));
  }

  private static void answer(HttpServletResponse response, int status, JsonRpcCheck.Refusal r)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    byte[] bytes = r.answer().toString().getBytes(StandardCharsets.UTF_8);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** What to tell a client the SDK refused with {@code status}, from what the request lacks. */
  private String words(int status, HttpServletRequest request) {
    String accept = String.valueOf(request.getHeader("Accept"));
    String session = request.getHeader("Mcp-Session-Id");
    return switch (status) {
      case 400 ->
          !accept.contains("text/event-stream")
                  || ("POST".equals(request.getMethod()) && !accept.contains("application/json"))
              ? "the Accept header must list application/json and text/event-stream"
              : session == null || session.isBlank()
                  ? "this request needs the Mcp-Session-Id header that the answer to initialize"
                      + " gave"
                  : "the MCP transport cannot take this request";
      case 404 ->
          "no MCP session has this Mcp-Session-Id (it ended, or the service restarted);"
              + " initialize again";
      case 405 -> "/mcp takes POST, GET and DELETE";
      case 413 -> "the request is larger than " + maxRequestBytes + " bytes";
      case 415 -> "Content-Type must be application/json";
      case 503 -> "the service is shutting down";
      default -> status >= 500 ? "the request could not be handled" : "the request cannot be taken";
    };
  }

  /** A POST whose body was read already: the SDK reads it again from memory. */
  private static final class Buffered extends HttpServletRequestWrapper {
    private final byte[] body;

    Buffered(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }

    @Override
    public ServletInputStream getInputStream() {
      var in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the body was read already");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }
  }

  /**
   * The response as the SDK writes it, except that an error status (set, or sent with {@code
   * sendError}) is answered here, in words, and what the SDK then writes goes nowhere.
   */
  private final class InWords extends HttpServletResponseWrapper {
    private final HttpServletRequest request;
    private int failed;

    InWords(HttpServletResponse response, HttpServletRequest request) {
      super(response);
      this.request = request;
    }

    @Override
    public void setStatus(int status) {
      if (status >= 400) {
        failed = status;
      } else {
        super.setStatus(status);
      }
    }

    @Override
    public void sendError(int status, String message) throws IOException {
      sendError(status);
    }

    @Override
    public void sendError(int status) throws IOException {
      failed = status;
      answer();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      if (failed == 0) {
        return super.getWriter();
      }
      answer();
      return new PrintWriter(Writer.nullWriter());
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      if (failed == 0) {
        return super.getOutputStream();
      }
      answer();
      var nowhere = OutputStream.nullOutputStream();
      return new ServletOutputStream() {
        @Override
        public void write(int b) throws IOException {
          nowhere.write(b);
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
          throw new IllegalStateException("an error was answered already");
        }
      };
    }

    private void answer() throws IOException {
      var response = (HttpServletResponse) getResponse();
      if (response.isCommitted()) {
        return;
      }
      int code = failed >= 500 ? JsonRpcCheck.INTERNAL_ERROR : JsonRpcCheck.INVALID_REQUEST;
      HttpTransport.answer(
          response, failed, JsonRpcCheck.refusal(null, code, words(failed, request)));
    }
  }
}
