package dev.cohortlake.bench;

import org.apache.spark.sql.SparkSession;

/** The local Spark session with Delta Lake that the benchmark's checks read the tables with. */
final class BenchSpark {

  private BenchSpark() {}

  static SparkSession deltaSession() {
    return SparkSession.builder()
        .master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .getOrCreate();
  }
}
