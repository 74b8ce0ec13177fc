package dev.cohortlake.table;

import static dev.cohortlake.table.TableSpec.column;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** One schema constant per output table (SPEC section 3), with the comments BI users see. */
public final class Tables {

  /** Money in the source currency. */
  public static final DataType MONEY = DataTypes.createDecimalType(18, 2);

  /**
   * The columns a table keeps Delta file statistics (min, max, nulls) on: the ones whose ranges can
   * differ between its files, so that they can skip files; {@code customer_id} wherever {@code
   * maintain} Z-orders by it. Collecting them on every column costs about a fifth of a large write,
   * and a column spread over every file (an order id, an amount, a score) skips none. Delta refuses
   * the property on a table that lacks one of the columns, so only columns every version of the
   * table has are named.
   */
  private static final String STATISTICS = "delta.dataSkippingStatsColumns";

  private static final StructField AS_OF_DATE =
      column("as_of_date", DateType, false, "The --as-of date this snapshot describes");
  private static final StructField RUN_ID =
      column("run_id", StringType, false, "Id of the run that wrote the row (see run_log)");
  private static final StructField SEGMENT =
      column(
          "segment",
          StringType,
          false,
          "Dimension the row is split by: 'all' for the whole customer base, or a configured column");
  private static final StructField SEGMENT_VALUE =
      column(
          "segment_value",
          StringType,
          false,
          "Value of the segment ('all' for the whole base), taken from each customer's first order");

  public static final TableSpec ORDERS =
      new TableSpec(
          "orders",
          "order",
          "Cleaned orders, one row per order; every source row is here (as a line) or in rejected_rows",
          schema(
              column(
                  "order_id",
                  StringType,
                  false,
                  "Order id from the source, or customer|time when the source has none"),
              column("customer_id", StringType, false, "Customer id from the source"),
              column(
                  "order_ts",
                  TimestampType,
                  false,
                  "Time of the order (earliest line), as an instant"),
              column(
                  "order_date",
                  DateType,
                  false,
                  "Calendar date of the order in the source time zone"),
              column(
                  "order_month",
                  DateType,
                  false,
                  "First day of the order's month (partition column)"),
              column(
                  "revenue",
                  MONEY,
                  true,
                  "Order value in the source currency; negative for returns; null for counts-only data"),
              column(
                  "items",
                  LongType,
                  true,
                  "Units ordered (sum of line quantities); null when not mapped"),
              column("lines", IntegerType, false, "Source lines merged into this order"),
              column(
                  "is_return",
                  BooleanType,
                  false,
                  "True for a cancellation or return kept for netting (cleaning.cancellations = net)"),
              column(
                  "source_file",
                  StringType,
                  true,
                  "File of the order's first line (source.incremental; null otherwise), as in"
                      + " ingested_files.path"),
              RUN_ID),
          List.of("order_month"),
          // The change feed names the customers each commit touched, for customer_state. Times
          // have statistics since a night's files hold its days.
          Map.of(
              "delta.enableChangeDataFeed",
              "true",
              STATISTICS,
              "customer_id,order_ts,order_date,run_id"));

  public static final TableSpec REJECTED_ROWS =
      new TableSpec(
          "rejected_rows",
          "rejected source row",
          "Quarantine: every source row that did not become part of an order, with the reason",
          schema(
              column("run_id", StringType, false, "Id of the ingest run that rejected the row"),
              column(
                  "run_date", DateType, false, "The --as-of date of that run (partition column)"),
              column("source", StringType, false, "File (or table) the row was read from"),
              column(
                  "row_number",
                  LongType,
                  false,
                  "1-based position of the row within its file split (exact for files read in one split)"),
              column("raw", StringType, false, "The source row as JSON, exactly as read"),
              column("reason", StringType, false, "The first cleaning rule the row broke")),
          List.of("run_date"));

  /** Decimal wide enough for any sum of money over a customer's orders. */
  public static final DataType MONEY_SUM = DataTypes.createDecimalType(38, 2);

  /** Decimal for the revenue of one day of orders. */
  public static final DataType DAY_MONEY = DataTypes.createDecimalType(28, 2);

  /** One customer's sums over a calendar month, the elements of customer_state.months. */
  public static final StructType CUSTOMER_MONTH =
      schema(
          column("month", DateType, false, "First day of the calendar month"),
          column("orders", LongType, false, "Orders in the month (returns excluded)"),
          column("revenue", MONEY_SUM, true, "Net revenue in the month (returns netted)"),
          column("purchase_days", LongType, false, "Distinct days with an order in the month"),
          column("first_order_date", DateType, true, "Date of the month's first order"),
          column("last_order_date", DateType, true, "Date of the month's last order"),
          column("first_order_ts", TimestampType, true, "Time of the month's first order"),
          column("first_order_revenue", MONEY, true, "Revenue of the month's first order"),
          column("first_day_revenue", DAY_MONEY, true, "Revenue of the month's first purchase day"),
          column("period", IntegerType, false, "Whole calendar months since cohort_month"));

  public static final TableSpec CUSTOMER_STATE =
      new TableSpec(
          "customer_state",
          "customer",
          "Per-customer state over all of orders, kept current by re-passing only the customers"
              + " whose orders changed; customers, the cohort tables and the CLV inputs derive from it",
          schema(
              column("customer_id", StringType, false, "Customer id from the source"),
              column("orders", LongType, false, "Orders (returns excluded)"),
              column("revenue", MONEY_SUM, true, "Net revenue (returns netted)"),
              column("purchase_days", LongType, false, "Distinct days with an order"),
              column("first_order_date", DateType, false, "Date of the first order"),
              column("last_order_date", DateType, false, "Date of the latest order"),
              column("first_order_ts", TimestampType, false, "Time of the first order"),
              column("first_order_revenue", MONEY, true, "Revenue of the first order"),
              column("first_day_revenue", DAY_MONEY, true, "Revenue of the first purchase day"),
              column("cohort_month", DateType, false, "First day of the month of the first order"),
              column(
                  "last_period",
                  IntegerType,
                  false,
                  "Whole calendar months from cohort_month to the month of the latest order"),
              column(
                  "months",
                  DataTypes.createArrayType(CUSTOMER_MONTH, false),
                  false,
                  "The months with an order or a return from cohort_month on, in order"),
              column(
                  "orders_version",
                  LongType,
                  false,
                  "Version of orders this row was computed from; the state is current up to the"
                      + " highest"),
              column(
                  "orders_table_id",
                  StringType,
                  false,
                  "Delta table id of the orders table this row was computed from"),
              RUN_ID),
          List.of(),
          // A night rewrites a few customers' rows: mark the old ones deleted, copy no file.
          Map.of("delta.enableDeletionVectors", "true"));

  public static final TableSpec CUSTOMERS =
      new TableSpec(
          "customers",
          "customer × as-of",
          "One row per customer and --as-of date: first and last order, counts, revenue and value",
          schema(
              AS_OF_DATE,
              column("customer_id", StringType, false, "Customer id from the source"),
              column(
                  "cohort_month",
                  DateType,
                  false,
                  "First day of the month of the first order (partition)"),
              column("first_order_date", DateType, false, "Date of the first order"),
              column(
                  "last_order_date",
                  DateType,
                  false,
                  "Date of the latest order on or before as_of_date"),
              column(
                  "orders", LongType, false, "Orders on or before as_of_date (returns excluded)"),
              column("purchase_days", LongType, false, "Distinct days with an order"),
              column(
                  "revenue", MONEY, true, "Net revenue on or before as_of_date (returns netted)"),
              column("aov", MONEY, true, "Average order value: revenue / orders"),
              column("first_order_revenue", MONEY, true, "Revenue of the first order"),
              column(
                  "repeat_revenue",
                  MONEY,
                  true,
                  "Revenue after the first order: revenue - first_order_revenue"),
              column(
                  "days_since_last_order",
                  IntegerType,
                  false,
                  "Days from last_order_date to as_of_date"),
              RUN_ID),
          List.of("cohort_month"),
          // A snapshot is replaced by as_of_date, found through its statistics.
          Map.of(STATISTICS, "customer_id,as_of_date,run_id"));

  public static final TableSpec COHORT_MONTHLY =
      new TableSpec(
          "cohort_monthly",
          "segment × cohort month × period × as-of",
          "Acquisition cohorts by month: size, activity, retention and revenue per period since acquisition",
          schema(
              AS_OF_DATE,
              SEGMENT,
              SEGMENT_VALUE,
              column(
                  "cohort_month",
                  DateType,
                  false,
                  "Month of the customers' first order (partition column)"),
              column(
                  "period",
                  IntegerType,
                  false,
                  "Whole calendar months since cohort_month (0 = acquisition)"),
              column("cohort_size", LongType, false, "Customers acquired in cohort_month"),
              column(
                  "active_customers",
                  LongType,
                  false,
                  "Cohort customers with at least one order in the period"),
              column("retention_rate", DoubleType, false, "active_customers / cohort_size"),
              column(
                  "rolling_retention_rate",
                  DoubleType,
                  false,
                  "Share of the cohort with an order in this period or later (unbounded retention)"),
              column("orders", LongType, false, "Orders of the cohort in the period"),
              column("revenue", MONEY, true, "Net revenue of the cohort in the period"),
              column("revenue_per_customer", MONEY, true, "revenue / cohort_size"),
              column(
                  "cumulative_revenue_per_customer",
                  MONEY,
                  true,
                  "Net revenue from period 0 to this period / cohort_size"),
              column(
                  "cumulative_orders_per_customer",
                  DoubleType,
                  false,
                  "Orders from period 0 to this period / cohort_size"),
              column(
                  "period_complete",
                  BooleanType,
                  false,
                  "False while the period's month is not fully observed by as_of_date"),
              RUN_ID),
          List.of("cohort_month"));

  public static final TableSpec RETENTION_CURVE =
      new TableSpec(
          "retention_curve",
          "segment × period × as-of",
          "Retention by months since acquisition, pooled over the cohorts that completed each period,"
              + " with the shifted-beta-geometric fit and its projection",
          schema(
              AS_OF_DATE,
              SEGMENT,
              SEGMENT_VALUE,
              column("period", IntegerType, false, "Months since acquisition"),
              column(
                  "cohorts",
                  IntegerType,
                  true,
                  "Cohorts that completed the period (null when projected)"),
              column("customers_at_risk", LongType, true, "Customers of those cohorts"),
              column("retained", LongType, true, "Of those, customers active in the period"),
              column(
                  "retention_rate",
                  DoubleType,
                  true,
                  "Pooled retention: retained / customers_at_risk"),
              column(
                  "min_retention_rate",
                  DoubleType,
                  true,
                  "Lowest retention_rate of a single cohort"),
              column(
                  "max_retention_rate",
                  DoubleType,
                  true,
                  "Highest retention_rate of a single cohort"),
              column(
                  "rolling_retention_rate",
                  DoubleType,
                  true,
                  "Pooled share of customers with an order in this period or later"),
              column(
                  "fitted_retention_rate",
                  DoubleType,
                  true,
                  "Shifted-beta-geometric fit (Fader & Hardie 2007) of rolling retention; null if not fitted"),
              column(
                  "fitted_retention_low",
                  DoubleType,
                  true,
                  "Lower end of the 95% interval of fitted_retention_rate (delta method on the fit's"
                      + " covariance)"),
              column(
                  "fitted_retention_high",
                  DoubleType,
                  true,
                  "Upper end of the 95% interval of fitted_retention_rate"),
              column(
                  "projected",
                  BooleanType,
                  false,
                  "True for periods beyond the observed ones (fit only)"),
              RUN_ID),
          List.of());

  public static final TableSpec RETENTION_MONTHLY =
      new TableSpec(
          "retention_monthly",
          "segment × calendar month × as-of",
          "Customer-base retention by calendar month: the seed formula (E - N) / S x 100, its exact form"
              + " and the flows behind it",
          schema(
              AS_OF_DATE,
              SEGMENT,
              SEGMENT_VALUE,
              column("month", DateType, false, "First day of the calendar month"),
              column(
                  "customers_start",
                  LongType,
                  false,
                  "S: customer base at the start of the month (an order in the trailing window)"),
              column("customers_end", LongType, false, "E: customer base at the end of the month"),
              column(
                  "new_customers",
                  LongType,
                  false,
                  "N: customers whose first order is in the month"),
              column(
                  "retained_customers",
                  LongType,
                  false,
                  "|S and E|: in the base at start and at end"),
              column("churned", LongType, false, "In the base at the start, not at the end"),
              column(
                  "reactivated",
                  LongType,
                  false,
                  "Returning customers who were not in the base at the start of the month"),
              column("active_customers", LongType, false, "Customers with an order in the month"),
              column(
                  "retention_rate_formula", DoubleType, true, "(E - N) / S x 100; null when S = 0"),
              column(
                  "retention_rate_exact", DoubleType, true, "|S and E| / S x 100; null when S = 0"),
              column(
                  "repeat_purchase_rate",
                  DoubleType,
                  true,
                  "Share of the month's active customers who had ordered before the month"),
              column(
                  "one_time_buyer_share",
                  DoubleType,
                  true,
                  "Share of customers acquired by the month's end with exactly one order so far"),
              column(
                  "repeat_to_first_spend_ratio",
                  DoubleType,
                  true,
                  "Revenue from repeat orders / revenue from first orders, in the month"),
              column(
                  "month_complete",
                  BooleanType,
                  false,
                  "False while the month is not fully observed"),
              RUN_ID),
          List.of());

  private static final StructField MODEL =
      column("model", StringType, false, "Purchase model: bg_nbd, mbg_nbd or pareto_nbd");

  public static final TableSpec CLV_CUSTOMER =
      new TableSpec(
          "clv_customer",
          "customer × model × as-of",
          "Customer lifetime value per customer, as-of date and purchase model: P(alive), expected"
              + " purchases and discounted CLV (Gamma-Gamma spend), with the seed formula beside it",
          schema(
              AS_OF_DATE,
              MODEL,
              column("customer_id", StringType, false, "Customer id"),
              column(
                  "fit_segment",
                  StringType,
                  false,
                  "The fit that scored the row: all (the pooled fit), or dimension=value for the"
                      + " customer's segment's own fit (clv.fit-by)"),
              column("cohort_month", DateType, false, "Month of the first order"),
              column(
                  "frequency",
                  IntegerType,
                  false,
                  "x: repeat purchase days in the calibration period (distinct purchase days - 1)"),
              column(
                  "recency",
                  DoubleType,
                  false,
                  "t_x: time from the first to the last purchase (time unit)"),
              column(
                  "T",
                  DoubleType,
                  false,
                  "Customer age: time from the first purchase to calibration end"),
              column(
                  "monetary_value",
                  MONEY,
                  true,
                  "Mean revenue per repeat purchase day (null without repeats)"),
              column(
                  "p_alive",
                  DoubleType,
                  false,
                  "Probability the customer is still active at calibration end"),
              column(
                  "expected_purchases",
                  DoubleType,
                  false,
                  "Expected purchases over the next clv.horizon-months months"),
              column(
                  "expected_avg_value",
                  MONEY,
                  true,
                  "Gamma-Gamma expected value of a future purchase"),
              column(
                  "clv",
                  MONEY,
                  true,
                  "Discounted CLV: sum over months of expected value x expected purchases / (1 + d)^m"),
              column(
                  "clv_simple",
                  MONEY,
                  true,
                  "Seed formula: AOV x purchases per year x lifespan years"),
              column("historical_revenue", MONEY, true, "Revenue up to calibration end"),
              column("value_tier", StringType, true, "low, medium or high by clv quantiles"),
              column(
                  "at_risk",
                  BooleanType,
                  false,
                  "Above-median value and (p_alive below the threshold or an unusually long silence)"),
              RUN_ID),
          List.of("as_of_date"),
          // The models' rows are written apart (one file has one model).
          Map.of(STATISTICS, "customer_id,model,run_id"));

  public static final TableSpec CLV_MODEL =
      new TableSpec(
          "clv_model",
          "model × fit-by segment × as-of",
          "Fitted purchase and spend models per as-of date and fit-by segment: parameters, standard"
              + " errors, fit quality, the test of segments against the pooled fit, and the"
              + " segment's expected CLV with its interval",
          schema(
              AS_OF_DATE,
              column("model", StringType, false, "bg_nbd, mbg_nbd, pareto_nbd or gamma_gamma"),
              column(
                  "fit_by",
                  StringType,
                  false,
                  "Dimension of the fit (clv.fit-by): all for the pooled fit, cohort_quarter or a"
                      + " segment name"),
              column(
                  "segment_value",
                  StringType,
                  false,
                  "Value of the dimension the row's customers have ('all' for the pooled fit)"),
              column(
                  "status",
                  StringType,
                  false,
                  "scored: the pooled fit scores clv_customer; not_converged:"
                      + " fitted without converging and kept out of clv_customer"
                      + " (quality.model-convergence = skip); skipped: not fitted, see note;"
                      + " segment_fit: the segment's own fit; pooled_fallback: the segment keeps"
                      + " the pooled fit, see note"),
              column(
                  "note",
                  StringType,
                  true,
                  "Why the model was skipped or kept out of clv_customer"),
              column(
                  "parameters",
                  DataTypes.createMapType(StringType, DoubleType),
                  false,
                  "Maximum-likelihood estimates by parameter name (empty when skipped)"),
              column(
                  "standard_errors",
                  DataTypes.createMapType(StringType, DoubleType),
                  false,
                  "Standard errors from the observed information (empty when skipped)"),
              column("log_likelihood", DoubleType, true, "Log-likelihood at the estimates"),
              column("aic", DoubleType, true, "Akaike information criterion"),
              column("bic", DoubleType, true, "Bayesian information criterion"),
              column("customers", LongType, false, "Customers fitted"),
              column(
                  "unique_patterns", LongType, false, "Unique patterns the customers compress to"),
              column("iterations", IntegerType, true, "Optimiser iterations"),
              column("converged", BooleanType, false, "Whether the optimiser converged"),
              column("fit_seconds", DoubleType, true, "Wall time of the fit"),
              column("time_unit", StringType, false, "day or week"),
              column("calibration_end", DateType, false, "Last day of the calibration period"),
              column(
                  "lr_statistic",
                  DoubleType,
                  true,
                  "Likelihood-ratio statistic of 'the segments of fit_by differ': 2 (sum of the"
                      + " segments' log-likelihoods - that of one fit for them); null with fewer than"
                      + " two segment fits"),
              column(
                  "lr_degrees_of_freedom",
                  IntegerType,
                  true,
                  "Degrees of freedom of the test: parameters x (segment fits - 1)"),
              column(
                  "lr_p_value",
                  DoubleType,
                  true,
                  "P-value of the test (chi-squared); small means the segments differ"),
              column(
                  "expected_clv",
                  DoubleType,
                  true,
                  "Sum of the segment's customers' discounted CLV over clv.horizon-months (null"
                      + " without revenue)"),
              column(
                  "expected_clv_low",
                  DoubleType,
                  true,
                  "Lower end of its 95% interval: delta method on the covariance of the purchase"
                      + " and spend fits"),
              column("expected_clv_high", DoubleType, true, "Upper end of that interval"),
              RUN_ID),
          List.of());

  public static final TableSpec RETENTION_WHATIF =
      new TableSpec(
          "retention_whatif",
          "model × fit-by segment × as-of",
          "What a higher retention is worth: each purchase model's expectations over the CLV"
              + " horizon, as fitted and with the segment's monthly cohort retention raised by"
              + " clv.what-if.retention-points (the same relative cut in the model's dropout)",
          schema(
              AS_OF_DATE,
              MODEL,
              column("fit_by", StringType, false, "Dimension of the segments (clv.fit-by)"),
              column("segment_value", StringType, false, "Value of the dimension"),
              column(
                  "retention_points",
                  DoubleType,
                  false,
                  "Rise of the cohorts' monthly retention (0.05 = 5 points)"),
              column("horizon_months", IntegerType, false, "Months the expectations cover"),
              column(
                  "cohort_monthly_retention",
                  DoubleType,
                  true,
                  "The segment's cohorts' first-month retention by the shifted-beta-geometric fit,"
                      + " b / (a + b); null with fewer than three complete months"),
              column(
                  "scenario_cohort_monthly_retention",
                  DoubleType,
                  true,
                  "The same plus retention_points"),
              column(
                  "cohort_expected_lifetime_months",
                  DoubleType,
                  true,
                  "Expected months a new customer stays, (a + b - 1) / (a - 1) of the same fit;"
                      + " null when unbounded (a <= 1)"),
              column(
                  "scenario_cohort_expected_lifetime_months",
                  DoubleType,
                  true,
                  "The same in the scenario"),
              column(
                  "dropout_scale",
                  DoubleType,
                  true,
                  "The scenario's relative cut in churn, k = (churn - points) / churn, applied to the"
                      + " purchase model's mean dropout"),
              column(
                  "base_active_retention",
                  DoubleType,
                  false,
                  "Share of the segment's active customers still active a month later, by the"
                      + " purchase model"),
              column("scenario_active_retention", DoubleType, true, "The same in the scenario"),
              column(
                  "scenario_parameters",
                  DataTypes.createMapType(StringType, DoubleType),
                  true,
                  "The purchase model's parameters in the scenario: mean dropout times dropout_scale,"
                      + " same purchase process and heterogeneity (see docs/models.md)"),
              column("customers", LongType, false, "Customers of the segment"),
              column(
                  "base_customers_alive",
                  DoubleType,
                  false,
                  "Expected customers still active at the horizon's end"),
              column("scenario_customers_alive", DoubleType, true, "The same in the scenario"),
              column("base_purchases", DoubleType, false, "Expected purchases over the horizon"),
              column("scenario_purchases", DoubleType, true, "The same in the scenario"),
              column(
                  "base_revenue",
                  DoubleType,
                  true,
                  "Expected revenue over the horizon (purchases x Gamma-Gamma expected value)"),
              column("scenario_revenue", DoubleType, true, "The same in the scenario"),
              column("base_clv", DoubleType, true, "Sum of discounted CLV over the horizon"),
              column("scenario_clv", DoubleType, true, "The same in the scenario"),
              column(
                  "purchases_uplift", DoubleType, true, "scenario_purchases / base_purchases - 1"),
              column("clv_uplift", DoubleType, true, "scenario_clv / base_clv - 1"),
              column(
                  "base_profit",
                  DoubleType,
                  true,
                  "base_revenue x clv.what-if.contribution-margin (null when not configured)"),
              column("scenario_profit", DoubleType, true, "The same in the scenario"),
              column("note", StringType, true, "Why the scenario could not be computed"),
              RUN_ID),
          List.of("as_of_date"));

  public static final TableSpec CONTACT_CALENDAR =
      new TableSpec(
          "contact_calendar",
          "customer × model × as-of",
          "Who to contact, when and what is at stake: each customer's rhythm, the date the model"
              + " stops believing they are active, and the value lost if they stay silent; read it"
              + " ordered by value_at_stake",
          schema(
              AS_OF_DATE,
              MODEL,
              column("customer_id", StringType, false, "Customer id"),
              column(
                  "reason",
                  StringType,
                  false,
                  "new_customer_no_second_order, quiet_too_long (silence beyond"
                      + " clv.at-risk.silence-multiple x their rhythm) or p_alive_falling"),
              column(
                  "contact_week",
                  DateType,
                  false,
                  "Monday of the suggested contact week: a week before the at-risk date, or when"
                      + " the next purchase is due; never before the week after calibration end"),
              column("cohort_month", DateType, false, "Month of the first order"),
              column("frequency", IntegerType, false, "x: repeat purchases"),
              column("p_alive", DoubleType, false, "P(alive) at calibration end"),
              column(
                  "days_silent",
                  IntegerType,
                  false,
                  "Days from the last purchase to calibration end"),
              column(
                  "typical_gap_days",
                  DoubleType,
                  true,
                  "The customer's mean days between purchases, t_x / x (null without repeats)"),
              column(
                  "days_overdue",
                  DoubleType,
                  true,
                  "days_silent - typical_gap_days: positive when later than their own rhythm"),
              column(
                  "days_to_next_purchase",
                  DoubleType,
                  false,
                  "Median days to the next purchase if still active (posterior purchase rate)"),
              column(
                  "at_risk_date",
                  DateType,
                  true,
                  "Date P(alive) falls below clv.at-risk.p-alive-below with no purchase; null if not"
                      + " within ten years (a BG/NBD customer without repeats never drops out)"),
              column("clv", MONEY, true, "Discounted CLV at calibration end"),
              column(
                  "value_at_stake",
                  MONEY,
                  true,
                  "CLV now minus CLV at the at-risk date if silent until then (all of it when there is"
                      + " no at-risk date or it has passed); null without revenue"),
              column(
                  "purchases_at_stake",
                  DoubleType,
                  false,
                  "The same in discounted expected purchases"),
              column("historical_revenue", MONEY, true, "Revenue up to calibration end"),
              RUN_ID),
          List.of("as_of_date"),
          Map.of(STATISTICS, "customer_id,model,run_id"));

  public static final TableSpec CLV_VALIDATION =
      new TableSpec(
          "clv_validation",
          "model × frequency bin × as-of",
          "Calibration/holdout check: actual and predicted mean holdout purchases by calibration"
              + " frequency, plus a totals row with the errors",
          schema(
              AS_OF_DATE,
              MODEL,
              column(
                  "frequency_bin",
                  StringType,
                  false,
                  "Calibration repeat purchases: 0 .. 6, 7+, or total"),
              column("customers", LongType, false, "Customers in the bin"),
              column(
                  "actual_mean_purchases",
                  DoubleType,
                  false,
                  "Mean purchases in the holdout period"),
              column(
                  "predicted_mean_purchases",
                  DoubleType,
                  false,
                  "Mean of E[Y(holdout) | x, t_x, T]"),
              column("mae", DoubleType, true, "Totals row: mean absolute error per customer"),
              column("rmse", DoubleType, true, "Totals row: root mean squared error per customer"),
              column(
                  "total_error",
                  DoubleType,
                  true,
                  "Totals row: predicted minus actual holdout purchases"),
              RUN_ID),
          List.of());

  public static final TableSpec CLV_TRACKING =
      new TableSpec(
          "clv_tracking",
          "model × period × as-of",
          "Cumulative repeat purchases, actual against expected, over calibration and holdout",
          schema(
              AS_OF_DATE,
              MODEL,
              column("period", IntegerType, false, "Time units since the start of the data"),
              column("period_end", DateType, false, "Last day of the period"),
              column("actual_cumulative", DoubleType, false, "Actual cumulative repeat purchases"),
              column(
                  "expected_cumulative",
                  DoubleType,
                  false,
                  "Model expected cumulative repeat purchases"),
              column("holdout", BooleanType, false, "True for periods after calibration end"),
              RUN_ID),
          List.of());

  /** One data-quality gate as a run measured it ({@code run_log.gates}). */
  private static final StructType GATE =
      schema(
          column("name", StringType, false, "The gate's key under cohortlake.quality"),
          column("measured", DoubleType, false, "The value the run measured"),
          column("limit", DoubleType, false, "The configured limit"),
          column("passed", BooleanType, false, "Whether the measured value was within the limit"),
          column("detail", StringType, true, "What was measured, with examples when it failed"));

  public static final TableSpec RUN_LOG =
      new TableSpec(
          "run_log",
          "job run",
          "One row per job run: status, timings, row accounting and the table versions it wrote",
          schema(
              column("run_id", StringType, false, "Unique id of the run"),
              column("job", StringType, false, "Job name: ingest, customers, cohorts, clv, all"),
              column("dataset", StringType, false, "Dataset name from the config"),
              column("as_of_date", DateType, false, "The --as-of date of the run"),
              column(
                  "status",
                  StringType,
                  false,
                  "succeeded, failed, or interrupted (the process died;"
                      + " recorded by the next run on the warehouse)"),
              column("started_at", TimestampType, false, "Start time"),
              column("ended_at", TimestampType, false, "End time"),
              column("rows_read", LongType, true, "Source rows read (ingest)"),
              column("rows_written", LongType, true, "Rows written to all tables by the run"),
              column(
                  "rows_rejected",
                  LongType,
                  true,
                  "Source rows rejected to rejected_rows (ingest)"),
              column(
                  "rejected_by_reason",
                  DataTypes.createMapType(StringType, LongType),
                  true,
                  "Rejected rows per cleaning rule"),
              column(
                  "table_versions",
                  DataTypes.createMapType(StringType, LongType),
                  true,
                  "Delta version written per table; for a failed or interrupted run, the tables it had"
                      + " committed before it stopped. The versions of the latest succeeded run are a"
                      + " consistent set"),
              column(
                  "gates",
                  DataTypes.createArrayType(GATE),
                  true,
                  "Data-quality gates measured by the run, passed or not (cohortlake.quality)"),
              column(
                  "stage_seconds",
                  DataTypes.createMapType(StringType, DoubleType),
                  true,
                  "Elapsed seconds per stage"),
              column("config_hash", StringType, false, "Hash of the resolved config"),
              column("version", StringType, false, "Cohort Lake version"),
              column(
                  "error", StringType, true, "Error message of a failed run, with its cause chain"),
              column(
                  "source_watermark",
                  StringType,
                  true,
                  "Highest value of source.jdbc.watermark-column the run's ingest read up to; the"
                      + " next run reads the rows past it")),
          List.of());

  public static final TableSpec INGESTED_FILES =
      new TableSpec(
          "ingested_files",
          "source file",
          "Source files ingested with source.incremental, one row per file: each is read once",
          schema(
              column("path", StringType, false, "The file's full path (URI)"),
              column("size_bytes", LongType, false, "Size when ingested"),
              column("modified_at", TimestampType, false, "Modification time when ingested"),
              column(
                  "checksum",
                  StringType,
                  false,
                  "SHA-256 of the content: the same path with another checksum is a changed file"),
              column("run_id", StringType, false, "Id of the ingest run that read the file"),
              column("ingested_at", TimestampType, false, "When that run read it"),
              column("rows_read", LongType, false, "Rows read from the file"),
              column("rows_kept", LongType, false, "Rows kept as order lines"),
              column("rows_rejected", LongType, false, "Rows sent to rejected_rows")),
          List.of());

  /** Every table a job writes, in the order the pipeline writes them. */
  public static final List<TableSpec> ALL =
      List.of(
          REJECTED_ROWS,
          ORDERS,
          INGESTED_FILES,
          CUSTOMER_STATE,
          CUSTOMERS,
          COHORT_MONTHLY,
          RETENTION_CURVE,
          RETENTION_MONTHLY,
          CLV_CUSTOMER,
          CLV_MODEL,
          RETENTION_WHATIF,
          CONTACT_CALENDAR,
          CLV_VALIDATION,
          CLV_TRACKING,
          RUN_LOG);

  private Tables() {}

  private static StructType schema(StructField... fields) {
    return new StructType(fields);
  }
}
