package dev.cohortlake.jobs;

import dev.cohortlake.config.CatalogConfig;
import dev.cohortlake.run.ExitCode;
import dev.cohortlake.synth.GeneratorSettings;
import dev.cohortlake.synth.OrderHistoryGenerator;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cohortlake generate-orders}: writes a synthetic order history with known BG/NBD and
 * Gamma-Gamma parameters (CDNOW's by default) as Parquet, for benchmarks and recovery tests.
 */
@Command(
    name = "generate-orders",
    description = "Write a synthetic order history with known true parameters (Parquet).")
final class GenerateOrdersCommand implements Callable<Integer> {

  @ParentCommand CohortLakeCli parent;

  @Option(names = "--customers", required = true, description = "Customers to simulate.")
  long customers;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "DIR",
      description = "Output folder (replaced).")
  String output;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--dirt",
      defaultValue = "0",
      description =
          "Rate of each kind of dirt: duplicates, cancellations, missing customers, missing"
              + " timestamps. Default: ${DEFAULT-VALUE}.")
  double dirt;

  @Option(
      names = "--heavy-customer-orders",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Add one customer (C-heavy) with N orders spread over the observed days: a skewed"
              + " key for benchmarks. Default: ${DEFAULT-VALUE}.")
  long heavyCustomerOrders;

  @Override
  public Integer call() {
    SparkSession spark = parent.session(CatalogConfig.off());
    GeneratorSettings settings =
        GeneratorSettings.cdnow(customers, seed)
            .withDirt(dirt, dirt, dirt, dirt)
            .withHeavyCustomer(heavyCustomerOrders);
    long started = System.nanoTime();
    Dataset<Row> lines = OrderHistoryGenerator.generate(spark, settings);
    lines.write().mode(SaveMode.Overwrite).parquet(output);
    long written = spark.read().parquet(output).count();
    parent
        .out()
        .printf(
            "generated %,d order lines of %,d customers in %.1f s: %s%n",
            written, customers, (System.nanoTime() - started) / 1e9, output);
    return ExitCode.SUCCESS.code();
  }
}
