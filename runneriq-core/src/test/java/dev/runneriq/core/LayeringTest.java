package dev.runneriq.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The core is pure: the JDK's language, collections and time, JSpecify, and nothing else. */
class LayeringTest {
  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.runneriq.core");
  }

  @Test
  void coreDependsOnlyOnTheLanguageCollectionsTimeAndJSpecify() {
    classes()
        .that()
        .resideInAPackage("dev.runneriq.core..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "dev.runneriq.core..",
            "java.lang",
            "java.util",
            "java.time",
            "java.time.format",
            "java.util.regex",
            "java.util.function",
            "java.util.stream",
            "org.jspecify.annotations")
        .because("runneriq-core has no I/O and no framework (DESIGN.md, section 3)")
        .check(core);
  }

  @Test
  void coreDoesNoIo() {
    noClasses()
        .that()
        .resideInAPackage("dev.runneriq.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.io..", "java.nio..", "java.net..", "java.sql..")
        .check(core);
  }

  @Test
  void theRuleSeesTheCore() {
    org.assertj.core.api.Assertions.assertThat(core.containPackage("dev.runneriq.core.engine"))
        .isTrue();
    org.assertj.core.api.Assertions.assertThat(core.size()).isGreaterThan(30);
  }
}
