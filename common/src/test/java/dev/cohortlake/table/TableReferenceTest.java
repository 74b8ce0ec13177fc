package dev.cohortlake.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortlake.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/tables.md} is what {@link TableReference} renders from the schemas in code. Run with
 * {@code -Dtables.regenerate=true} to write it after changing a table.
 */
class TableReferenceTest {

  @Test
  void checkedInTableReferenceMatchesTheSchemasInCode() throws IOException {
    Path file = SharedData.project("docs/tables.md");
    String rendered = TableReference.markdown();
    if (Boolean.getBoolean("tables.regenerate")) {
      Files.writeString(file, rendered);
    }
    assertThat(Files.exists(file) ? Files.readString(file) : "")
        .as(
            "docs/tables.md is stale: regenerate it with"
                + " mvn -pl common test -Dtest=TableReferenceTest -Dtables.regenerate=true")
        .isEqualTo(rendered);
  }
}
