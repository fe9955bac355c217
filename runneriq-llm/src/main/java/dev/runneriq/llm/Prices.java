package dev.runneriq.llm;

import dev.runneriq.llm.LlmConfig.Price;
import java.util.List;

/**
 * What a call costs, for the daily budget and the metrics. Anthropic's list prices in US dollars
 * per million tokens as published in late 2025 (standard tier, no batch or cache discounts); a
 * model id matches a row when it starts with the row's prefix, so dated ids ({@code
 * claude-haiku-4-5-20251001}) match too. An Anthropic model not in the table is priced as the most
 * expensive row, so a budget errs on the safe side; set {@code llm.price} to override. A
 * self-hosted model (OpenAI-compatible) costs nothing unless {@code llm.price} says otherwise.
 */
public final class Prices {
  private Prices() {}

  private record Row(String prefix, Price price) {}

  private static final List<Row> ANTHROPIC =
      List.of(
          new Row("claude-haiku-4-5", new Price(1.00, 5.00)),
          new Row("claude-3-5-haiku", new Price(0.80, 4.00)),
          new Row("claude-3-haiku", new Price(0.25, 1.25)),
          new Row("claude-sonnet-4", new Price(3.00, 15.00)),
          new Row("claude-3-7-sonnet", new Price(3.00, 15.00)),
          new Row("claude-opus-4-5", new Price(5.00, 25.00)),
          new Row("claude-opus-4", new Price(15.00, 75.00)));

  /** The price of the most expensive row, used for Anthropic models the table does not know. */
  static final Price UNKNOWN_ANTHROPIC = new Price(15.00, 75.00);

  public static Price lookup(LlmConfig.Provider provider, String model) {
    if (provider == LlmConfig.Provider.OPENAI_COMPATIBLE) {
      return Price.FREE;
    }
    for (var row : ANTHROPIC) {
      if (model.startsWith(row.prefix())) {
        return row.price();
      }
    }
    return UNKNOWN_ANTHROPIC;
  }
}
