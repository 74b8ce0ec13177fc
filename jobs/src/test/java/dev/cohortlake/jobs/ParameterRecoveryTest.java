package dev.cohortlake.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cohortlake.synth.GeneratorSettings;
import dev.cohortlake.synth.OrderHistoryGenerator;
import dev.cohortlake.testing.SharedData;
import dev.cohortlake.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The {@code clv} job, end to end from generated order lines, recovers the true parameters of
 * 1,000,000 generated customers (CDNOW's BG/NBD and Gamma-Gamma values) within 2%. Tagged {@code
 * large}: about 2.9M order lines, run by {@code mvn test -Dtest.excluded.groups=none
 * -Dtest.groups=large}, not in the default suite.
 *
 * <p>It counts every order as a purchase ({@code clv.purchase-grain=order}): the generator draws
 * purchases in continuous time, and at the default day grain same-day purchases merge, which moves
 * α about 5% up, p 2.5% down and γ 3.5% up (bench/RESULTS.md).
 */
@Tag("large")
class ParameterRecoveryTest {

  @Test
  void clvJobRecoversTrueParametersOfAMillionGeneratedCustomers(@TempDir Path dir) {
    GeneratorSettings truth = GeneratorSettings.cdnow(1_000_000, 7);
    OrderHistoryGenerator.generate(SparkTestSession.get(), truth)
        .write()
        .parquet(dir.resolve("orders").toString());

    CliRun run =
        CliRun.run(
            dir.resolve("warehouse"),
            "all",
            "--config",
            SharedData.project("conf/bench.conf").toString(),
            "--as-of",
            truth.end().toString(),
            "--set",
            "source.path=" + dir.resolve("orders"),
            "--set",
            "clv.models=[bg_nbd]",
            "--set",
            "clv.time-unit=week",
            "--set",
            "clv.purchase-grain=order");
    assertThat(run.exitCode()).as(run.err()).isZero();

    Map<String, Double> bgNbd = parameters(run, "bg_nbd");
    assertThat(bgNbd.get("r")).as("r").isCloseTo(truth.r(), within(0.02 * truth.r()));
    assertThat(bgNbd.get("alpha"))
        .as("alpha")
        .isCloseTo(truth.alpha(), within(0.02 * truth.alpha()));
    assertThat(bgNbd.get("a")).as("a").isCloseTo(truth.a(), within(0.02 * truth.a()));
    assertThat(bgNbd.get("b")).as("b").isCloseTo(truth.b(), within(0.02 * truth.b()));
    Map<String, Double> spend = parameters(run, "gamma_gamma");
    assertThat(spend.get("p")).as("p").isCloseTo(truth.p(), within(0.02 * truth.p()));
    assertThat(spend.get("q")).as("q").isCloseTo(truth.q(), within(0.02 * truth.q()));
    assertThat(spend.get("gamma"))
        .as("gamma")
        .isCloseTo(truth.gamma(), within(0.02 * truth.gamma()));
  }

  private static Map<String, Double> parameters(CliRun run, String model) {
    Row row = run.table("clv_model").filter(col("model").equalTo(model)).first();
    return CollectionConverters.asJava(
        row.<scala.collection.Map<String, Double>>getAs("parameters"));
  }
}
