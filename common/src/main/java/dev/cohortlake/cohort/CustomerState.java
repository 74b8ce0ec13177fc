package dev.cohortlake.cohort;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import dev.cohortlake.table.SqlLiterals;
import dev.cohortlake.table.TableSpec;
import dev.cohortlake.table.TableWrite;
import dev.cohortlake.table.Tables;
import dev.cohortlake.table.Warehouse;
import java.io.FileNotFoundException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.CommitInfo;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Keeps {@link Tables#CUSTOMER_STATE}, the {@link CustomerPass} over all of orders, current at a
 * cost in proportion to what changed: the customers named by the orders table's change feed since
 * the orders version the state was last brought to are passed again over their current orders, and
 * their rows replace the old ones in one MERGE; every other row stays as it was.
 *
 * <p>Each row carries the orders version and the orders table id it was computed from, and the
 * state is current up to the highest version: every refresh replays all changes since then, so a
 * refresh whose changes wrote no row (only deletions, say) is simply replayed next time. Every
 * refresh is one commit. Anything the change feed cannot describe (no state yet, another orders
 * table, other segment columns, an orders overwrite or schema change, a change feed that was off or
 * vacuumed) rebuilds the state from all orders.
 */
public final class CustomerState {

  private static final Logger LOG = LoggerFactory.getLogger(CustomerState.class);

  private static final String CHANGE_FEED = "delta.enableChangeDataFeed";

  /** Orders commits whose changed rows the change feed lists: anything else rebuilds. */
  private static final Set<String> DESCRIBED_BY_CHANGE_FEED =
      Set.of("MERGE", "DELETE", "UPDATE", "OPTIMIZE", "VACUUM START", "VACUUM END");

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final List<String> segments;
  private Dataset<Row> rebuilt;

  /**
   * @param segments the segment columns of orders that the state carries
   */
  public CustomerState(SparkSession spark, Warehouse warehouse, List<String> segments) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.segments = List.copyOf(segments);
  }

  /**
   * What bringing the state to an orders version takes.
   *
   * @param kind nothing, the customers changed since {@code fromVersion}, or all customers
   * @param fromVersion the orders version the state reflects (-1 when rebuilt)
   * @param toVersion the orders version to bring it to
   * @param ordersId the orders table's Delta id
   * @param reason why the state is rebuilt, for the console
   */
  public record Plan(Kind kind, long fromVersion, long toVersion, String ordersId, String reason) {

    /** How much of the state is computed again. */
    public enum Kind {
      CURRENT,
      CHANGED_CUSTOMERS,
      REBUILD
    }

    /** One line for the console. */
    public String describe() {
      return switch (kind) {
        case CURRENT -> "customer_state is current (orders version " + toVersion + ")";
        case CHANGED_CUSTOMERS ->
            "customer_state: passing again the customers whose orders changed from orders version "
                + fromVersion
                + " to "
                + toVersion;
        case REBUILD ->
            "customer_state: rebuilding from all orders (version " + toVersion + "): " + reason;
      };
    }
  }

  /** Compares the state's recorded orders version with the orders table's newest one. */
  public Plan plan() {
    DeltaLog orders = DeltaLog.forTable(spark, warehouse.path(Tables.ORDERS));
    var snapshot = orders.update(false, Option.empty(), Option.empty());
    long current = snapshot.version();
    String id = snapshot.metadata().id();
    if (!warehouse.exists(Tables.CUSTOMER_STATE)) {
      return rebuild(current, id, "it does not exist yet");
    }
    Dataset<Row> state = read();
    if (!Arrays.equals(state.columns(), spec().schema().fieldNames())) {
      return rebuild(current, id, "its columns are not this config's (the segments changed?)");
    }
    Row recorded = state.agg(max("orders_version"), max("orders_table_id")).first();
    if (recorded.isNullAt(0)) {
      return rebuild(current, id, "it is empty");
    }
    if (!id.equals(recorded.getString(1))) {
      return rebuild(current, id, "it was computed from another orders table");
    }
    long from = recorded.getLong(0);
    if (from == current) {
      return new Plan(Plan.Kind.CURRENT, from, current, id, "");
    }
    if (from > current) {
      return rebuild(current, id, "orders is older than the state (restored?)");
    }
    if (!"true".equals(snapshot.metadata().configuration().getOrElse(CHANGE_FEED, () -> ""))) {
      return rebuild(current, id, "orders has no change feed (created by an older version)");
    }
    String undescribed = undescribedChange(orders, from + 1, current);
    return undescribed == null
        ? new Plan(Plan.Kind.CHANGED_CUSTOMERS, from, current, id, "")
        : rebuild(current, id, undescribed);
  }

  /**
   * Brings the state to the plan's orders version; returns the data commit, or null when the plan
   * is {@link Plan.Kind#CURRENT}.
   */
  public TableWrite bringUpToDate(Plan plan, String runId) {
    return switch (plan.kind()) {
      case CURRENT -> null;
      case REBUILD -> {
        rebuilt =
            lineage(CustomerActivity.pass(orders(plan.toVersion()), segments), plan, runId)
                .persist(StorageLevel.MEMORY_AND_DISK());
        yield warehouse.replace(spec(), rebuilt);
      }
      case CHANGED_CUSTOMERS -> {
        try {
          yield mergeChanged(plan, runId);
        } catch (Exception e) { // SparkException is checked in Java, not in Scala
          if (!changeDataVacuumed(e)) {
            throw e;
          }
          LOG.warn(
              "customer_state: the change data of orders versions {} to {} was vacuumed;"
                  + " rebuilding from all orders",
              plan.fromVersion() + 1,
              plan.toVersion());
          yield bringUpToDate(rebuild(plan.toVersion(), plan.ordersId(), "vacuumed"), runId);
        }
      }
    };
  }

  private static Dataset<Row> lineage(Dataset<Row> rows, Plan plan, String runId) {
    return rows.withColumn("orders_version", lit(plan.toVersion()))
        .withColumn("orders_table_id", lit(plan.ordersId()))
        .withColumn("run_id", lit(runId));
  }

  /**
   * The state's rows, one per acquired customer over all of orders: the rows just written when this
   * object rebuilt the state (cached, so not read back), else the table.
   */
  public Dataset<Row> read() {
    return rebuilt != null ? rebuilt : warehouse.read(Tables.CUSTOMER_STATE, "customers");
  }

  /**
   * The customers in the orders change feed between the versions, passed again over all their
   * current orders; a changed customer with no sale left has a row of nulls, which deletes theirs.
   */
  private TableWrite mergeChanged(Plan plan, String runId) {
    Dataset<Row> changed =
        spark
            .sql(
                String.format(
                    "SELECT DISTINCT customer_id FROM table_changes_by_path(%s, %d, %d)",
                    SqlLiterals.quote(warehouse.path(Tables.ORDERS)),
                    plan.fromVersion() + 1,
                    plan.toVersion()))
            .persist(StorageLevel.MEMORY_AND_DISK()); // read once: the pass and the join use it
    Dataset<Row> passed =
        CustomerActivity.pass(
            orders(plan.toVersion()).join(broadcast(changed), "customer_id"), segments);
    Dataset<Row> rows =
        lineage(changed.join(passed, "customer_id", "left"), plan, runId)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      rows.count(); // computed once: the MERGE reads its source twice
      return warehouse.upsert(spec(), rows, "customer_id", "s.cohort_month IS NULL");
    } finally {
      rows.unpersist();
      changed.unpersist();
    }
  }

  /** Whether a failure is a change data file that VACUUM deleted (the state lagged too long). */
  private static boolean changeDataVacuumed(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof FileNotFoundException) {
        return true;
      }
    }
    return false;
  }

  private Dataset<Row> orders(long version) {
    return warehouse.readVersion(Tables.ORDERS, version);
  }

  private TableSpec spec() {
    return Tables.CUSTOMER_STATE.withSegmentColumns(segments);
  }

  /**
   * The first orders commit in the range whose changes the change feed does not list row by row,
   * described for the console, or null when there is none.
   */
  private static String undescribedChange(DeltaLog orders, long from, long to) {
    var changes = orders.getChanges(from, Option.empty(), false);
    long expected = from;
    while (changes.hasNext() && expected <= to) {
      var commit = changes.next();
      long version = (Long) commit._1();
      if (version != expected) {
        return "the orders log no longer holds version " + expected;
      }
      for (Action action : CollectionConverters.asJava(commit._2())) {
        if (action instanceof Metadata) {
          return "orders version " + version + " changed the table's schema or properties";
        }
        if (action instanceof CommitInfo info && !describedByChangeFeed(info)) {
          return "orders version " + version + " was a " + describe(info);
        }
      }
      expected++;
    }
    return expected > to ? null : "the orders log no longer holds version " + expected;
  }

  private static boolean describedByChangeFeed(CommitInfo info) {
    return DESCRIBED_BY_CHANGE_FEED.contains(info.operation())
        || describe(info).equals("WRITE in mode Append");
  }

  /** The commit's operation, with its write mode if it has one. */
  private static String describe(CommitInfo info) {
    String mode = CollectionConverters.asJava(info.operationParameters()).get("mode");
    return info.operation() + (mode == null ? "" : " in mode " + mode.replace("\"", ""));
  }

  private static Plan rebuild(long current, String ordersId, String reason) {
    return new Plan(Plan.Kind.REBUILD, -1, current, ordersId, reason);
  }
}
