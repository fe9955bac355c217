package dev.runneriq.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.formats.FormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code carbon.budgets}: groups with their monthly kg, and errors that name the key. */
class CarbonBudgetsConfigTest {
  @TempDir Path dir;

  CarbonBudgets load(String budgets) throws Exception {
    Path file = dir.resolve("runneriq.yaml");
    Files.writeString(file, "carbon:\n  budgets: " + budgets + "\n");
    return ConfigLoader.load(file, Map.of()).service().budgets();
  }

  @Test
  void groupsAndNestedGroupsTakeAMonthlyLimit() throws Exception {
    var b = load("{shop: {kg_per_month: 50}, shop/backend: {kg_per_month: 12.5}}");

    assertThat(b.kgPerMonth()).containsEntry("shop", 50.0).containsEntry("shop/backend", 12.5);
    assertThat(ConfigLoader.defaults().service().budgets().kgPerMonth()).isEmpty();
    assertThat(CarbonBudgets.covers("shop", "shop/backend/api")).isTrue();
    assertThat(CarbonBudgets.covers("shop", "shopping/web")).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a zero limit | {shop: {kg_per_month: 0}} | /carbon/budgets/shop/kg_per_month",
        "a negative limit | {shop: {kg_per_month: -3}} | /carbon/budgets/shop/kg_per_month",
        "a limit that is no number | {shop: {kg_per_month: lots}} | kg_per_month",
        "another key | {shop: {kg_per_year: 5}} | kg_per_year",
        "a number for a mapping | {shop: 50} | shop",
        "a path with a slash at the end | {'shop/': {kg_per_month: 5}} | shop/",
      })
  void aWrongBudgetNamesItsKey(String name, String yaml, String key) {
    assertThatThrownBy(() -> load(yaml))
        .isInstanceOf(FormatException.class)
        .hasMessageContaining(key);
  }

  @Test
  void theErrorReadsAsDocsReportMdQuotesIt() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "REPORT.md")).replaceAll("\\s+", " ");
    assertThatThrownBy(() -> load("{shop: {kg_per_month: 0}}"))
        .satisfies(
            e ->
                assertThat(doc)
                    .contains(
                        e.getMessage()
                            .replace(dir.resolve("runneriq.yaml").toString(), "runneriq.yaml")));
  }
}
