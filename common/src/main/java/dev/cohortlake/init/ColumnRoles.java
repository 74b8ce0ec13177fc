package dev.cohortlake.init;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Guesses which source column plays which part of an order line, from the columns' names and the
 * values of a sample, and says why; what it cannot decide it leaves open. Plain Java, no Spark.
 *
 * <p>A column's name decides first (a header {@code CustomerID} is the customer); without a telling
 * name, the values do: a column whose every value parses as a date is the order time, an id-like
 * column whose values repeat is the customer. Text columns with a few distinct values are segment
 * candidates; those named like a country, region or channel are proposed as segments.
 */
public final class ColumnRoles {

  /** The parts of an order line a column can play. */
  public enum Role {
    CUSTOMER("customer-id"),
    ORDER_TS("order-ts"),
    ORDER_ID("order-id"),
    AMOUNT("amount"),
    QUANTITY("quantity"),
    UNIT_PRICE("unit-price"),
    PRODUCT("product-id");

    private final String key;

    Role(String key) {
      this.key = key;
    }

    /** The key under {@code mapping} that names the column. */
    public String key() {
      return key;
    }
  }

  /** Spark datetime patterns tried on a time column, most specific first. */
  static final List<String> TIME_FORMATS =
      List.of(
          "yyyy-MM-dd HH:mm:ss",
          "yyyy-MM-dd'T'HH:mm:ss",
          "yyyy-MM-dd HH:mm",
          "yyyy/MM/dd HH:mm:ss",
          "MM/dd/yyyy HH:mm:ss",
          "MM/dd/yyyy HH:mm",
          "M/d/yyyy H:mm",
          "dd/MM/yyyy HH:mm",
          "dd.MM.yyyy HH:mm",
          "yyyy-MM-dd",
          "yyyy/MM/dd",
          "yyyyMMdd",
          "MM/dd/yyyy",
          "M/d/yyyy",
          "dd/MM/yyyy",
          "dd.MM.yyyy");

  /** Words that start a word of a column's name playing each role. */
  private static final Map<Role, List<String>> NAMES =
      Map.of(
          Role.CUSTOMER,
          List.of("cust", "client", "user", "member", "buyer", "shopper", "account", "donor"),
          Role.ORDER_TS,
          List.of("date", "time", "ts", "created", "ordered", "purchased", "day"),
          Role.ORDER_ID,
          List.of("order", "invoice", "transaction", "txn", "receipt", "basket", "ticket"),
          Role.AMOUNT,
          List.of("amount", "revenue", "sales", "total", "value", "spend", "dollar", "gmv"),
          Role.QUANTITY,
          List.of("qty", "quantity", "units", "number", "count", "cds", "items", "pieces"),
          Role.UNIT_PRICE,
          List.of("price", "unitprice"),
          Role.PRODUCT,
          List.of("product", "sku", "stock", "item", "article", "ean", "upc"));

  private static final List<String> SEGMENT_NAMES =
      List.of(
          "country",
          "region",
          "channel",
          "segment",
          "category",
          "store",
          "shop",
          "city",
          "state",
          "market",
          "device");

  private static final int MAX_SEGMENT_VALUES = 200;

  /**
   * What was guessed.
   *
   * @param columns the column of each role found
   * @param reasons why each role's column was chosen, or why none was
   * @param timeFormat the Spark pattern of the order time column
   * @param segments proposed segment columns
   * @param segmentCandidates other text columns with few values
   */
  public record Guess(
      Map<Role, String> columns,
      Map<Role, String> reasons,
      Optional<String> timeFormat,
      List<String> segments,
      List<String> segmentCandidates) {

    /** True when the time column holds dates only: an order is then a customer and a day. */
    public boolean dayGrain() {
      return timeFormat.map(f -> !f.contains("H")).orElse(false);
    }
  }

  private ColumnRoles() {}

  /** Guesses the roles of {@code columns} from the {@code rows} sampled. */
  public static Guess guess(List<String> columns, List<List<String>> rows) {
    List<ColumnProfile> profiles = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      profiles.add(ColumnProfile.of(columns.get(i), i, rows));
    }
    Map<Role, String> chosen = new LinkedHashMap<>();
    Map<Role, String> reasons = new LinkedHashMap<>();
    Set<String> taken = new HashSet<>();

    Optional<ColumnProfile> time =
        pick(profiles, taken, p -> p.timeFormat.isPresent() && named(p, Role.ORDER_TS))
            .or(() -> pick(profiles, taken, p -> p.timeFormat.isPresent()));
    time.ifPresentOrElse(
        p ->
            choose(
                chosen,
                reasons,
                taken,
                Role.ORDER_TS,
                p,
                "every sampled value parses as "
                    + p.timeFormat.get()
                    + (p.otherTimeFormats.isEmpty()
                        ? ""
                        : " (and as " + String.join(", ", p.otherTimeFormats) + ": check which)")),
        () -> reasons.put(Role.ORDER_TS, "no column's values all parse as a date or time"));

    pick(profiles, taken, p -> named(p, Role.CUSTOMER) && p.idLike())
        .or(() -> pick(profiles, taken, p -> p.idLike() && p.repeats() && !p.decimal))
        .ifPresentOrElse(
            p ->
                choose(
                    chosen,
                    reasons,
                    taken,
                    Role.CUSTOMER,
                    p,
                    (named(p, Role.CUSTOMER) ? "named like a customer; " : "id-like values; ")
                        + p.distinct
                        + " distinct ids in "
                        + p.filled
                        + " rows"),
            () -> reasons.put(Role.CUSTOMER, "no id-like column whose values repeat"));

    pick(profiles, taken, p -> named(p, Role.ORDER_ID) && p.idLike())
        .ifPresent(p -> choose(chosen, reasons, taken, Role.ORDER_ID, p, "named like an order id"));
    pick(profiles, taken, p -> named(p, Role.AMOUNT) && p.numeric && p.decimal)
        .ifPresent(p -> choose(chosen, reasons, taken, Role.AMOUNT, p, "named like an amount"));
    pick(profiles, taken, p -> named(p, Role.QUANTITY) && p.numeric && !p.decimal)
        .ifPresent(
            p -> choose(chosen, reasons, taken, Role.QUANTITY, p, "whole numbers named like one"));
    pick(profiles, taken, p -> named(p, Role.UNIT_PRICE) && p.numeric)
        .ifPresent(
            p -> choose(chosen, reasons, taken, Role.UNIT_PRICE, p, "numbers named like a price"));
    pick(profiles, taken, p -> named(p, Role.PRODUCT))
        .ifPresent(p -> choose(chosen, reasons, taken, Role.PRODUCT, p, "named like a product"));
    if (!chosen.containsKey(Role.AMOUNT)
        && !(chosen.containsKey(Role.QUANTITY) && chosen.containsKey(Role.UNIT_PRICE))) {
      reasons.put(
          Role.AMOUNT,
          "no amount, and no quantity with a unit price: the tables will have no revenue");
    }

    List<String> segments = new ArrayList<>();
    List<String> candidates = new ArrayList<>();
    for (ColumnProfile p : profiles) {
      if (!taken.contains(p.name) && p.text && p.distinct > 1 && p.distinct <= MAX_SEGMENT_VALUES) {
        (named(p.name, SEGMENT_NAMES) ? segments : candidates).add(p.name);
      }
    }
    return new Guess(chosen, reasons, time.flatMap(p -> p.timeFormat), segments, candidates);
  }

  private static void choose(
      Map<Role, String> chosen,
      Map<Role, String> reasons,
      Set<String> taken,
      Role role,
      ColumnProfile column,
      String why) {
    chosen.put(role, column.name);
    reasons.put(role, why);
    taken.add(column.name);
  }

  private static Optional<ColumnProfile> pick(
      List<ColumnProfile> profiles, Set<String> taken, Predicate<ColumnProfile> test) {
    return profiles.stream().filter(p -> !taken.contains(p.name)).filter(test).findFirst();
  }

  private static boolean named(ColumnProfile column, Role role) {
    return named(column.name, NAMES.get(role));
  }

  /**
   * Whether a word of {@code name} (snake, kebab or camel case) starts with one of {@code hints}.
   */
  private static boolean named(String name, List<String> hints) {
    String[] words =
        name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT).split("[^a-z0-9]+");
    for (String word : words) {
      for (String hint : hints) {
        if (word.startsWith(hint)) {
          return true;
        }
      }
    }
    return false;
  }

  /** What the sampled values of one column look like. */
  private static final class ColumnProfile {
    final String name;
    int filled;
    int distinct;
    boolean numeric = true;
    boolean decimal;
    boolean text;
    boolean spaces;
    boolean wholeDecimals = true;
    Optional<String> timeFormat = Optional.empty();
    List<String> otherTimeFormats = List.of();

    private ColumnProfile(String name) {
      this.name = name;
    }

    static ColumnProfile of(String name, int index, List<List<String>> rows) {
      ColumnProfile profile = new ColumnProfile(name);
      Set<String> values = new HashSet<>();
      List<String> filled = new ArrayList<>();
      for (List<String> row : rows) {
        String value = row.get(index);
        if (value != null && !value.isBlank()) {
          filled.add(value.trim());
          values.add(value.trim());
        }
      }
      profile.filled = filled.size();
      profile.distinct = values.size();
      for (String value : filled) {
        profile.numeric &= SourceSample.isNumber(value);
        profile.decimal |= value.contains(".");
        profile.spaces |= value.contains(" ");
        profile.wholeDecimals &= !value.contains(".") || value.matches("-?\\d+\\.0+");
      }
      profile.numeric &= !filled.isEmpty();
      profile.text = !profile.numeric && filled.stream().anyMatch(v -> v.matches(".*[A-Za-z].*"));
      List<String> formats =
          filled.isEmpty()
              ? List.of()
              : TIME_FORMATS.stream()
                  .filter(f -> filled.stream().allMatch(v -> parses(v, f)))
                  .toList();
      profile.timeFormat = formats.stream().findFirst();
      // Other readings of the same values (day and month swapped), not the same pattern unpadded.
      profile.otherTimeFormats =
          formats.stream().filter(f -> !unpadded(f).equals(unpadded(formats.get(0)))).toList();
      if (profile.timeFormat.isPresent()) {
        profile.text = false;
      }
      return profile;
    }

    /** Numbers (decimals only as 17850.0) or short codes without spaces. */
    boolean idLike() {
      return timeFormat.isEmpty() && filled > 0 && !spaces && (!decimal || wholeDecimals);
    }

    boolean repeats() {
      return distinct < filled;
    }

    private static String unpadded(String pattern) {
      return pattern.replace("MM", "M").replace("dd", "d").replace("HH", "H");
    }

    private static boolean parses(String value, String pattern) {
      DateTimeFormatter format =
          DateTimeFormatter.ofPattern(pattern.replace("yyyy", "uuuu"), Locale.ROOT)
              .withResolverStyle(ResolverStyle.STRICT);
      try {
        if (pattern.contains("H")) {
          LocalDateTime.parse(value, format);
        } else {
          LocalDate date = LocalDate.parse(value, format);
          return date.getYear() >= 1900 && date.getYear() <= 2100;
        }
        return true;
      } catch (DateTimeParseException e) {
        return false;
      }
    }
  }
}
