package dev.cohortlake.pipeline;

import dev.cohortlake.quality.QualityGates;
import dev.cohortlake.run.JobResult;
import dev.cohortlake.run.Progress;
import dev.cohortlake.run.RunContext;
import dev.cohortlake.table.Warehouse;
import org.apache.spark.sql.SparkSession;

/**
 * What every pipeline action is given and shares, as Iceberg's {@code BaseSparkAction} does for its
 * actions: the session, the run, its progress reporter (which labels the Spark jobs of each stage
 * and logs it), the run's warehouse (whose commits the run's ledger records) and the quality gates.
 * An action is built for one run and executed once.
 */
public abstract class BaseAction {

  protected final SparkSession spark;
  protected final RunContext run;
  protected final Progress progress;
  protected final Warehouse warehouse;
  protected final QualityGates gates;

  protected BaseAction(SparkSession spark, RunContext run, Progress progress) {
    this.spark = spark;
    this.run = run;
    this.progress = progress;
    this.warehouse = Pipelines.warehouse(spark, run);
    this.gates = new QualityGates(run.config().quality(), run.ledger());
  }

  /** Does the action's work and says what it wrote. */
  public abstract JobResult execute();

  /** The replaceWhere predicate of a snapshot table for the run's as-of date. */
  protected String asOfPredicate() {
    return "as_of_date = DATE'" + run.asOf() + "'";
  }
}
