package dev.cohortlake.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.cohortlake.run.CohortLakeException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CatalogConfigTest {

  private static final String SOURCE =
      "source.path = \"orders.csv\", mapping { customer-id = c, order-ts = t }";

  @Test
  void aLocalWarehouseKeepsItsEmbeddedMetastoreBesideTheTables() {
    CatalogConfig catalog =
        ConfigLoader.fromConfig(
                ConfigFactory.parseString(
                    "cohortlake { warehouse.root = \"/data/lake\", catalog.enabled = true, "
                        + SOURCE
                        + " }"))
            .catalog();
    assertThat(catalog.metastoreUri()).isEmpty();
    assertThat(Path.of(catalog.metastoreDir())).isEqualTo(Path.of("/data/lake/_metastore"));
  }

  @Test
  void anObjectStoreWarehouseNeedsAMetastoreUriAndTheErrorNamesIt() {
    assertThatThrownBy(
            () ->
                ConfigLoader.fromConfig(
                    ConfigFactory.parseString(
                        "cohortlake { warehouse.root = \"s3a://bucket/lake\", catalog.enabled ="
                            + " true, "
                            + SOURCE
                            + " }")))
        .isInstanceOf(CohortLakeException.class)
        .hasMessageContaining("cohortlake.catalog.metastore-uri")
        .hasMessageContaining("s3a://bucket/lake");
  }
}
