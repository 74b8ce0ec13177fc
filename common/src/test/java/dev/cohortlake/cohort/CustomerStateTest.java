package dev.cohortlake.cohort;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortlake.cohort.CustomerState.Plan;
import dev.cohortlake.table.TableWrite;
import dev.cohortlake.table.Tables;
import dev.cohortlake.table.Warehouse;
import dev.cohortlake.testing.DatasetAssertions;
import dev.cohortlake.testing.SparkTestSession;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * customer_state against real Delta tables: after orders change by a MERGE (a late order of an
 * existing customer, a new customer, a customer whose only orders are deleted), only the customers
 * the change feed names are passed again and the state equals a pass over all current orders; an
 * overwrite of orders, or change data that VACUUM removed, rebuilds it instead; an orders table
 * without a change feed gets one at its next write.
 */
class CustomerStateTest {

  @TempDir Path root;

  private final SparkSession spark = SparkTestSession.get();

  @Test
  void passesAgainOnlyTheCustomersWhoseOrdersChangedAndEqualsARebuild() {
    Warehouse warehouse = warehouse();
    warehouse.overwrite(
        Tables.ORDERS,
        orders(
            order("o1", "a", "2011-01-03", "10.00"),
            order("o2", "a", "2011-03-04", "5.00"),
            order("o3", "b", "2011-02-01", "7.50"),
            order("o4", "c", "2011-02-02", "3.00"),
            order("o5", "d", "2011-03-05", "8.00")));
    CustomerState state = new CustomerState(spark, warehouse, List.of());
    Plan first = state.plan();
    assertThat(first.kind()).isEqualTo(Plan.Kind.REBUILD);
    assertThat(state.bringUpToDate(first, "r1").rows()).isEqualTo(4);

    warehouse.merge(
        Tables.ORDERS,
        orders(order("o6", "a", "2011-02-10", "2.00"), order("o7", "e", "2011-03-06", "4.00")),
        "t.order_id = s.order_id AND t.customer_id = s.customer_id",
        Optional.of("t.customer_id = 'c'"));
    CustomerState nextNight = new CustomerState(spark, warehouse, List.of());
    Plan changed = nextNight.plan();
    assertThat(changed.kind()).isEqualTo(Plan.Kind.CHANGED_CUSTOMERS);
    assertThat(changed.describe()).contains("from orders version 0 to 1");
    nextNight.bringUpToDate(changed, "r2");

    Row merge = history("customer_state").filter("operation = 'MERGE'").first();
    scala.collection.Map<String, String> metrics = merge.getAs("operationMetrics");
    assertThat(metrics.apply("numTargetRowsUpdated")).as("a's late order").isEqualTo("1");
    assertThat(metrics.apply("numTargetRowsInserted")).as("e is new").isEqualTo("1");
    assertThat(metrics.apply("numTargetRowsDeleted")).as("c has no order left").isEqualTo("1");
    assertEqualsRebuild(warehouse, nextNight.read());
    assertThat(new CustomerState(spark, warehouse, List.of()).plan().kind())
        .isEqualTo(Plan.Kind.CURRENT);

    warehouse.overwrite(Tables.ORDERS, orders(order("o8", "f", "2011-04-01", "1.00")));
    Plan overwritten = new CustomerState(spark, warehouse, List.of()).plan();
    assertThat(overwritten.kind()).isEqualTo(Plan.Kind.REBUILD);
    assertThat(overwritten.reason()).contains("WRITE in mode Overwrite");
  }

  @Test
  void changeDataRemovedByVacuumRebuildsTheState() throws IOException {
    Warehouse warehouse = warehouse();
    warehouse.overwrite(Tables.ORDERS, orders(order("o1", "a", "2011-01-03", "10.00")));
    CustomerState state = new CustomerState(spark, warehouse, List.of());
    state.bringUpToDate(state.plan(), "r1");
    warehouse.merge(
        Tables.ORDERS,
        orders(order("o1", "a", "2011-01-03", "12.00"), order("o2", "b", "2011-01-04", "1.00")),
        "t.order_id = s.order_id AND t.customer_id = s.customer_id",
        Optional.empty());
    deleteTree(root.resolve("orders/_change_data"));

    CustomerState lagging = new CustomerState(spark, warehouse, List.of());
    Plan changed = lagging.plan();
    assertThat(changed.kind()).isEqualTo(Plan.Kind.CHANGED_CUSTOMERS);
    TableWrite rebuilt = lagging.bringUpToDate(changed, "r2");
    assertThat(rebuilt.rows()).isEqualTo(2);
    assertEqualsRebuild(warehouse, lagging.read());
  }

  @Test
  void anOrdersTableFromAnEarlierVersionGetsItsChangeFeedAtItsNextWrite() {
    Warehouse warehouse = warehouse();
    orders(order("o1", "a", "2011-01-03", "10.00"))
        .write()
        .format("delta")
        .partitionBy("order_month")
        .save(root.resolve("orders").toString());
    CustomerState state = new CustomerState(spark, warehouse, List.of());
    state.bringUpToDate(state.plan(), "r1");
    String key = "t.order_id = s.order_id AND t.customer_id = s.customer_id";
    warehouse.merge(
        Tables.ORDERS, orders(order("o2", "b", "2011-01-04", "1.00")), key, Optional.empty());
    Plan afterUpgrade = new CustomerState(spark, warehouse, List.of()).plan();
    assertThat(afterUpgrade.kind()).isEqualTo(Plan.Kind.REBUILD);
    assertThat(afterUpgrade.reason()).contains("orders version 1 was a SET TBLPROPERTIES");
    new CustomerState(spark, warehouse, List.of()).bringUpToDate(afterUpgrade, "r2");

    warehouse.merge(
        Tables.ORDERS, orders(order("o3", "c", "2011-01-05", "2.00")), key, Optional.empty());
    assertThat(new CustomerState(spark, warehouse, List.of()).plan().kind())
        .as("the change feed is on from the first write by this version")
        .isEqualTo(Plan.Kind.CHANGED_CUSTOMERS);
  }

  private Warehouse warehouse() {
    return new Warehouse(spark, name -> root.resolve(name).toString(), write -> {});
  }

  private void assertEqualsRebuild(Warehouse warehouse, Dataset<Row> state) {
    DatasetAssertions.assertSameRows(
        state.drop("orders_version", "orders_table_id", "run_id"),
        CustomerActivity.pass(warehouse.read(Tables.ORDERS, "ingest"), List.of()),
        0);
  }

  private Dataset<Row> history(String table) {
    return DeltaTable.forPath(spark, root.resolve(table).toString()).history();
  }

  private Dataset<Row> orders(Row... rows) {
    return spark.createDataFrame(List.of(rows), Tables.ORDERS.schema());
  }

  private static Row order(String id, String customer, String day, String revenue) {
    Date date = Date.valueOf(day);
    List<Object> values = new ArrayList<>();
    values.add(id);
    values.add(customer);
    values.add(Timestamp.valueOf(day + " 10:00:00"));
    values.add(date);
    values.add(Date.valueOf(date.toLocalDate().withDayOfMonth(1)));
    values.add(new BigDecimal(revenue));
    values.add(1L);
    values.add(1);
    values.add(false);
    values.add(null);
    values.add("ingest-run");
    return RowFactory.create(values.toArray());
  }

  private static void deleteTree(Path folder) throws IOException {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
