package dev.cohortlake.synth;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_seconds;

import dev.cohortlake.table.Tables;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.hipparchus.random.RandomDataGenerator;

/**
 * Writes synthetic order histories with known truth, at any size, as a Spark job.
 *
 * <p>Each customer's orders are drawn by {@link PurchaseProcess} (BG/NBD purchases, Gamma-Gamma
 * values). Customers get a country and a channel; dirt is added at the configured rates. Output is
 * one row per order line: {@code order_id, customer_id, order_ts, amount, country, channel}.
 *
 * <p>Deterministic: partition k of {@code settings.partitions()} draws from its own generator
 * seeded with {@code seed + k}.
 */
public final class OrderHistoryGenerator {

  public static final StructType SCHEMA =
      new StructType()
          .add("order_id", DataTypes.StringType)
          .add("customer_id", DataTypes.StringType)
          .add("order_ts", DataTypes.TimestampType)
          .add("amount", Tables.MONEY)
          .add("country", DataTypes.StringType)
          .add("channel", DataTypes.StringType);

  private static final String[] COUNTRIES = {"GB", "DE", "FR", "NL", "US", "ES", "IT", "SE"};
  private static final double[] COUNTRY_WEIGHTS = {0.40, 0.15, 0.12, 0.08, 0.10, 0.06, 0.05, 0.04};
  private static final String[] CHANNELS = {"web", "app", "store"};

  private OrderHistoryGenerator() {}

  public static Dataset<Row> generate(SparkSession spark, GeneratorSettings settings) {
    MapPartitionsFunction<Long, Row> simulate = ids -> simulatePartition(settings, ids);
    Dataset<Row> customers =
        spark
            .range(0, settings.customers(), 1, settings.partitions())
            .mapPartitions(simulate, Encoders.row(SCHEMA));
    long heavyOrders = settings.heavyCustomerOrders();
    if (heavyOrders == 0) {
      return customers;
    }
    long first = settings.start().atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    double secondsApart = new PurchaseProcess(settings).observedDays() * 86_400 / heavyOrders;
    Dataset<Row> heavy =
        spark
            .range(0, heavyOrders, 1, settings.partitions())
            .select(
                concat(lit("H-"), col("id")).as("order_id"),
                lit("C-heavy").as("customer_id"),
                timestamp_seconds(col("id").multiply(secondsApart).cast("long").plus(first))
                    .as("order_ts"),
                lit(new BigDecimal("25.00")).cast(Tables.MONEY).as("amount"),
                lit("GB").as("country"),
                lit("web").as("channel"));
    return customers.unionByName(heavy);
  }

  private static Iterator<Row> simulatePartition(GeneratorSettings s, Iterator<Long> ids) {
    RandomDataGenerator random =
        RandomDataGenerator.of(
            new org.hipparchus.random.Well19937c(s.seed() + TaskContext.getPartitionId()));
    LocalDateTime start = s.start().atStartOfDay();
    PurchaseProcess process = new PurchaseProcess(s);
    return new Iterator<>() {
      private final List<Row> buffer = new ArrayList<>();
      private int next;

      @Override
      public boolean hasNext() {
        while (next == buffer.size() && ids.hasNext()) {
          buffer.clear();
          next = 0;
          customer(ids.next());
        }
        return next < buffer.size();
      }

      @Override
      public Row next() {
        hasNext();
        return buffer.get(next++);
      }

      private void customer(long id) {
        String customer = "C" + id;
        String country = COUNTRIES[pick(random.nextDouble())];
        String channel = CHANNELS[random.nextInt(0, CHANNELS.length - 1)];
        int[] order = {0};
        process.draw(
            random,
            (day, value) ->
                emit(
                    customer,
                    id + "-" + order[0]++,
                    start.plusSeconds((long) (day * 86_400)),
                    value,
                    country,
                    channel));
      }

      private void emit(
          String customer,
          String orderId,
          LocalDateTime time,
          double value,
          String country,
          String channel) {
        BigDecimal amount = BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
        String id = random.nextDouble() < s.missingCustomerRate() ? null : customer;
        Timestamp ts = random.nextDouble() < s.badDateRate() ? null : Timestamp.valueOf(time);
        Row line = RowFactory.create(orderId, id, ts, amount, country, channel);
        buffer.add(line);
        if (random.nextDouble() < s.duplicateRate()) {
          buffer.add(line);
        }
        if (random.nextDouble() < s.cancellationRate()) {
          buffer.add(RowFactory.create("C" + orderId, id, ts, amount.negate(), country, channel));
        }
      }
    };
  }

  private static int pick(double u) {
    double cumulative = 0;
    for (int i = 0; i < COUNTRY_WEIGHTS.length; i++) {
      cumulative += COUNTRY_WEIGHTS[i];
      if (u < cumulative) {
        return i;
      }
    }
    return COUNTRY_WEIGHTS.length - 1;
  }
}
