package dev.runneriq.app.serve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import java.io.IOException;
import java.util.Map;

/**
 * A published state's short texts read once each: the project, ref, stage, tag, factor and reason
 * of 100,000 jobs are a few thousand distinct words, and a follower that made a string of each
 * occurrence held 2.7 million of them, every one copied by the collector while the state was read.
 * Within one read ({@link #ATTRIBUTE} holds its words; a follower's reads one after another share
 * them, see {@link ReadBefore}), a text up to {@link #SHORT} characters is the first string read
 * with its value; longer ones (explanations) are their own. Without the attribute, every string is
 * its own, as Jackson reads it.
 */
final class SharedTexts extends StdScalarDeserializer<String> {
  private static final long serialVersionUID = 1L;

  /** The attribute of a read holding its words: a modifiable {@code Map<String, String>}. */
  static final String ATTRIBUTE = "runneriq.shared-texts";

  /** The longest text shared. */
  static final int SHORT = 160;

  SharedTexts() {
    super(String.class);
  }

  @Override
  public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      return StringDeserializer.instance.deserialize(p, ctxt);
    }
    String text = p.getText();
    if (text.length() > SHORT || !(ctxt.getAttribute(ATTRIBUTE) instanceof Map<?, ?> seen)) {
      return text;
    }
    @SuppressWarnings("unchecked")
    var words = (Map<String, String>) seen;
    var first = words.putIfAbsent(text, text);
    return first == null ? text : first;
  }
}
