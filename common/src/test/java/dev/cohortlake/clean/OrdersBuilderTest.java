package dev.cohortlake.clean;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortlake.source.CanonicalColumns;
import dev.cohortlake.source.RawSource;
import dev.cohortlake.testing.SparkTestSession;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Lines merge into one order timed at its first line, with the first line's segment value. */
class OrdersBuilderTest {

  private static final StructType LINES =
      new StructType()
          .add(CanonicalColumns.ORDER_KEY, DataTypes.StringType)
          .add(CanonicalColumns.CUSTOMER_ID, DataTypes.StringType)
          .add(CanonicalColumns.ORDER_TS, DataTypes.TimestampType)
          .add(CanonicalColumns.ORDER_DATE, DataTypes.DateType)
          .add(CanonicalColumns.LINE_VALUE, DataTypes.createDecimalType(18, 2))
          .add(CanonicalColumns.QUANTITY, DataTypes.createDecimalType(18, 3))
          .add(CanonicalColumns.IS_CANCELLATION, DataTypes.BooleanType)
          .add(RawSource.SOURCE_FILE, DataTypes.StringType)
          .add(RawSource.ROW_NUMBER, DataTypes.LongType)
          .add(CanonicalColumns.segment("country"), DataTypes.StringType);

  private static Row line(String order, String timestamp, String value, long row, String country) {
    Timestamp ts = Timestamp.valueOf(timestamp);
    return RowFactory.create(
        order,
        "C1",
        ts,
        Date.valueOf(ts.toLocalDateTime().toLocalDate()),
        new BigDecimal(value),
        new BigDecimal("1.000"),
        false,
        "lines.csv",
        row,
        country);
  }

  @Test
  void orderTakesTimeAndSegmentOfItsFirstLineAndSumsTheRest() {
    List<Row> lines =
        List.of(
            line("A", "2011-01-03 23:59:00", "5.00", 1, "Spain"),
            line("A", "2011-01-03 10:00:00", "7.50", 2, "France"),
            line("B", "2011-01-04 09:00:00.000", "1.00", 3, "Spain"),
            line("B", "2011-01-04 09:00:00.000", "2.00", 4, "Germany"));
    List<Row> orders =
        new OrdersBuilder(List.of("country"))
            .build(
                CustomerLines.spread(SparkTestSession.get().createDataFrame(lines, LINES)),
                "run",
                Map.of())
            .orderBy("order_id")
            .select("order_id", "order_ts", "order_date", "revenue", "lines", "country")
            .collectAsList();

    assertThat(orders).hasSize(2);
    Row a = orders.get(0);
    assertThat(a.getTimestamp(1)).isEqualTo(Timestamp.valueOf("2011-01-03 10:00:00"));
    assertThat(a.getDate(2)).isEqualTo(Date.valueOf("2011-01-03"));
    assertThat(a.getDecimal(3)).isEqualByComparingTo("12.50");
    assertThat(a.getInt(4)).isEqualTo(2);
    assertThat(a.getString(5)).as("the earlier line's country").isEqualTo("France");
    assertThat(orders.get(1).getString(5))
        .as("lines at the same instant: the smaller value")
        .isEqualTo("Germany");
  }
}
