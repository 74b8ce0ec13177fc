package dev.cohortlake.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.cohortlake.config.CleaningConfig.CancellationMode;
import dev.cohortlake.config.MappingConfig.OrderGrain;
import dev.cohortlake.config.SourceConfig.CsvOptions;
import dev.cohortlake.config.SourceConfig.SourceFormat;
import dev.cohortlake.init.ProposedConfig;
import dev.cohortlake.run.Errors;
import dev.cohortlake.table.Tables;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * Loads a dataset config (HOCON), applies {@code --set key=value} overrides, validates every key
 * against {@code reference.conf} and maps the result onto {@link CohortLakeConfig}.
 *
 * <p>Validation is complete before any Spark work starts: an unknown key, a value of the wrong type
 * or an unsupported choice fails with the key's full name (exit code 2).
 */
public final class ConfigLoader {

  static final String ROOT = "cohortlake";

  /** Config objects whose keys the user names (not checked against reference.conf). */
  private static final Set<String> FREE_FORM_OBJECTS = Set.of(ROOT + ".mapping.segments");

  private ConfigLoader() {}

  /**
   * Loads the config with overrides of the form {@code key=value} (key with or without root). The
   * location is a local file, or a Hadoop URI (hdfs://, s3a://, abfss://, gs://) read through
   * Hadoop's file systems, which then must be self-contained: its {@code include}s do not resolve.
   */
  public static CohortLakeConfig load(String location, List<String> overrides) {
    Config fileConfig;
    try {
      fileConfig =
          isHadoopUri(location)
              ? ConfigFactory.parseString(
                  readHadoopFile(location),
                  ConfigParseOptions.defaults().setOriginDescription(location))
              : parseLocalFile(
                  location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location));
    } catch (ConfigException e) {
      throw Errors.configUnreadable(location, e.getMessage());
    }
    return fromConfig(parseOverrides(overrides).withFallback(fileConfig));
  }

  private static Config parseLocalFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw Errors.configFileMissing(file.toString());
    }
    return ConfigFactory.parseFile(file.toFile());
  }

  private static boolean isHadoopUri(String location) {
    return location.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.*") && !location.startsWith("file:");
  }

  private static String readHadoopFile(String location) {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
    try (FSDataInputStream in = path.getFileSystem(new Configuration()).open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (FileNotFoundException e) {
      throw Errors.configFileMissing(location);
    } catch (IOException e) {
      throw Errors.configUnreadable(location, e.toString());
    }
  }

  /** Maps an already parsed user config (without reference defaults) onto the typed config. */
  static CohortLakeConfig fromConfig(Config user) {
    // Not defaultReference(): it lays the JVM's system properties over the defaults, so the
    // config (and its fingerprint, which backfills compare) would depend on how the JVM started.
    Config reference = ConfigFactory.defaultReferenceUnresolved();
    checkKnownKeys(user.root(), reference.root(), "");
    Config merged;
    try {
      merged = user.withFallback(reference).resolve();
    } catch (ConfigException e) {
      throw Errors.configUnreadable("overrides", e.getMessage());
    }
    refuseTodos(merged.getConfig(ROOT));
    Reader r = new Reader(merged.getConfig(ROOT));
    MappingConfig mapping = mapping(r);
    CohortLakeConfig config =
        new CohortLakeConfig(
            r.nonEmptyString("dataset"),
            r.nonEmptyString("warehouse.root"),
            catalog(r),
            new ReportConfig(r.bool("report.enabled"), r.nonEmptyString("report.path")),
            maintain(r),
            source(r),
            mapping,
            cleaning(r),
            quality(r),
            cohorts(r, mapping),
            clv(r, mapping),
            fingerprint(merged.getConfig(ROOT)));
    validateCrossKeys(config);
    return config;
  }

  /** A value `cohortlake init` could not decide stops the run, naming its key, until replaced. */
  private static void refuseTodos(Config config) {
    Map<String, ConfigValue> values = new TreeMap<>();
    config.entrySet().forEach(e -> values.put(e.getKey(), e.getValue()));
    for (Map.Entry<String, ConfigValue> entry : values.entrySet()) {
      if (entry.getValue().valueType() == ConfigValueType.STRING
          && ((String) entry.getValue().unwrapped()).startsWith(ProposedConfig.TODO)) {
        throw Errors.missingConfigValue(
            Reader.full(entry.getKey()),
            "`cohortlake init` could not decide it and left \""
                + entry.getValue().unwrapped()
                + "\"; replace it with the right value");
      }
    }
  }

  /**
   * Checks the keys whose meaning depends on the run's {@code --as-of} date: the calibration and
   * holdout periods must have ended by then, or the models would be fitted on days not observed.
   */
  public static void checkAgainstAsOf(CohortLakeConfig config, LocalDate asOf) {
    checkNotAfter("cohortlake.clv.calibration-end", config.clv().calibrationEnd(), asOf);
    checkNotAfter("cohortlake.clv.holdout-end", config.clv().holdoutEnd(), asOf);
  }

  private static void checkNotAfter(String key, Optional<LocalDate> date, LocalDate asOf) {
    if (date.isPresent() && date.get().isAfter(asOf)) {
      throw Errors.badConfigValue(
          key,
          date.get(),
          "it must not be after --as-of "
              + asOf
              + ": the period it ends has not been observed yet. Pass a later --as-of or an earlier date");
    }
  }

  private static Config parseOverrides(List<String> overrides) {
    Config result = ConfigFactory.empty();
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        throw Errors.badOverride(override);
      }
      String key = override.substring(0, eq).trim();
      String path = key.startsWith(ROOT + ".") ? key : ROOT + "." + key;
      String value = override.substring(eq + 1).trim();
      Config parsed;
      try {
        parsed = ConfigFactory.parseString(path + " = " + value);
      } catch (ConfigException e) {
        parsed = ConfigFactory.parseMap(Map.of(path, value));
      }
      result = parsed.withFallback(result);
    }
    return result;
  }

  private static void checkKnownKeys(ConfigObject user, ConfigObject reference, String prefix) {
    for (Map.Entry<String, ConfigValue> entry : user.entrySet()) {
      String key = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
      ConfigValue known = reference.get(entry.getKey());
      if (known == null) {
        throw Errors.unknownConfigKey(key, new TreeSet<>(reference.keySet()));
      }
      boolean userObject = entry.getValue().valueType() == ConfigValueType.OBJECT;
      boolean knownObject = known.valueType() == ConfigValueType.OBJECT;
      if (userObject != knownObject) {
        throw Errors.badConfigValue(key, entry.getValue().unwrapped(), expectedShape(key, known));
      }
      if (userObject && !FREE_FORM_OBJECTS.contains(key)) {
        checkKnownKeys((ConfigObject) entry.getValue(), (ConfigObject) known, key);
      }
    }
  }

  /** What a key's value must look like, for the message when the user gave another shape. */
  private static String expectedShape(String key, ConfigValue known) {
    if (known.valueType() != ConfigValueType.OBJECT) {
      return "it must be a single value or a list, not an object";
    }
    if (FREE_FORM_OBJECTS.contains(key)) {
      return "it must be an object of name = value entries, e.g. { country = \"Country\" }";
    }
    return "it must be an object with the keys " + new TreeSet<>(((ConfigObject) known).keySet());
  }

  private static MaintainConfig maintain(Reader r) {
    List<String> zOrdered = r.stringList("maintain.z-order-tables");
    for (String table : zOrdered) {
      if (Tables.ALL.stream().noneMatch(t -> t.name().equals(table))) {
        throw Errors.badConfigValue(
            "cohortlake.maintain.z-order-tables", table, "it must name a Cohort Lake table");
      }
    }
    int retention = Math.toIntExact(r.nonNegativeLong("maintain.vacuum-retention-hours"));
    if (retention < MaintainConfig.DELTA_SAFE_RETENTION_HOURS
        && !r.bool("maintain.allow-short-retention")) {
      throw Errors.badConfigValue(
          "cohortlake.maintain.vacuum-retention-hours",
          retention,
          "it is below Delta's safety floor of "
              + MaintainConfig.DELTA_SAFE_RETENTION_HOURS
              + " hours: time travel to older versions would break. Set"
              + " maintain.allow-short-retention = true to mean it");
    }
    return new MaintainConfig(zOrdered, retention, r.positiveInt("maintain.check-last-runs"));
  }

  private static CatalogConfig catalog(Reader r) {
    String database = r.nonEmptyString("catalog.database");
    if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw Errors.badConfigValue(
          "cohortlake.catalog.database",
          database,
          "it must be a plain SQL name: letters, digits and underscores, not starting with a digit");
    }
    Optional<String> metastoreUri = r.optional("catalog.metastore-uri");
    String metastoreDir = r.string("catalog.metastore-dir");
    boolean enabled = r.bool("catalog.enabled");
    if (metastoreDir.isEmpty()) {
      String root = r.nonEmptyString("warehouse.root");
      if (enabled && metastoreUri.isEmpty() && root.contains("://")) {
        throw Errors.missingConfigValue(
            "cohortlake.catalog.metastore-uri",
            "warehouse.root "
                + root
                + " is not a local folder, so the embedded metastore has no default place; give a"
                + " Hive metastore URI, or catalog.metastore-dir for a local Derby metastore");
      }
      metastoreDir = Path.of(root, "_metastore").toString();
    }
    return new CatalogConfig(
        enabled,
        database,
        metastoreUri,
        Path.of(metastoreDir).toAbsolutePath().normalize().toString());
  }

  private static SourceConfig source(Reader r) {
    List<String> columns = r.stringList("source.columns");
    SourceFormat format = r.choice("source.format", SourceFormat.class);
    boolean incremental = r.bool("source.incremental");
    if (incremental && (format == SourceFormat.DELTA || format == SourceFormat.JDBC)) {
      throw Errors.incrementalNeedsFiles(format.name().toLowerCase(Locale.ROOT));
    }
    return new SourceConfig(
        format,
        format == SourceFormat.JDBC ? r.string("source.path") : r.nonEmptyString("source.path"),
        r.zone("source.timezone"),
        new CsvOptions(
            r.singleChar("source.csv.delimiter"),
            r.singleChar("source.csv.quote"),
            r.singleChar("source.csv.escape"),
            r.bool("source.csv.header"),
            r.nonEmptyString("source.csv.encoding")),
        r.bool("source.text.header"),
        columns,
        incremental,
        format == SourceFormat.JDBC ? Optional.of(jdbc(r)) : Optional.empty());
  }

  private static JdbcOptions jdbc(Reader r) {
    String url = r.required("source.jdbc.url", "a jdbc source needs the database's JDBC URL");
    if (!url.startsWith("jdbc:")) {
      throw Errors.badConfigValue("cohortlake.source.jdbc.url", url, "it must start with jdbc:");
    }
    Optional<String> table = r.optional("source.jdbc.table");
    Optional<String> query = r.optional("source.jdbc.query");
    if (table.isPresent() == query.isPresent()) {
      throw Errors.badConfigValue(
          "cohortlake.source.jdbc.table",
          table.orElse(""),
          "a jdbc source reads either a table (source.jdbc.table) or a query (source.jdbc.query):"
              + " set exactly one of them");
    }
    return new JdbcOptions(
        url,
        table,
        query,
        r.nonEmptyString("source.jdbc.user-env"),
        r.nonEmptyString("source.jdbc.password-env"),
        r.optional("source.jdbc.partition-column"),
        r.positiveInt("source.jdbc.partitions"),
        r.optional("source.jdbc.watermark-column"),
        r.positiveInt("source.jdbc.fetch-size"));
  }

  private static MappingConfig mapping(Reader r) {
    Map<String, String> segments = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : r.stringMap("mapping.segments").entrySet()) {
      if (!e.getKey().matches("[a-z][a-z0-9_]*")) {
        throw Errors.badConfigValue(
            "cohortlake.mapping.segments." + e.getKey(),
            e.getKey(),
            "segment names must be lower-case identifiers (letters, digits, _)");
      }
      segments.put(e.getKey(), e.getValue());
    }
    return new MappingConfig(
        r.required("mapping.customer-id", "every order line needs a customer"),
        r.required("mapping.order-ts", "every order line needs a timestamp or date"),
        r.nonEmptyString("mapping.order-ts-format"),
        r.optional("mapping.order-id"),
        r.choice("mapping.order-grain", OrderGrain.class),
        r.optional("mapping.amount"),
        r.optional("mapping.quantity"),
        r.optional("mapping.unit-price"),
        r.optional("mapping.product-id"),
        r.bool("mapping.normalize-numeric-ids"),
        segments);
  }

  private static CleaningConfig cleaning(Reader r) {
    List<String> codes = r.stringList("cleaning.non-product-codes");
    for (String code : codes) {
      try {
        Pattern.compile(code);
      } catch (PatternSyntaxException e) {
        throw Errors.badConfigValue(
            "cohortlake.cleaning.non-product-codes",
            code,
            "it must be a regular expression (" + e.getDescription() + ")");
      }
    }
    return new CleaningConfig(
        r.bool("cleaning.drop-invalid-encoding"),
        r.bool("cleaning.drop-missing-customer"),
        r.choice("cleaning.cancellations", CancellationMode.class),
        r.string("cleaning.cancellation-prefix"),
        r.bool("cleaning.drop-duplicates"),
        r.bool("cleaning.drop-non-positive-price"),
        r.bool("cleaning.drop-non-positive-quantity"),
        codes,
        r.optionalDate("cleaning.window.start"),
        r.optionalDate("cleaning.window.end"));
  }

  private static QualityConfig quality(Reader r) {
    return new QualityConfig(
        r.fraction("quality.max-rejected-fraction"),
        r.nonNegativeLong("quality.min-rows-read"),
        r.optionalDate("quality.order-dates.earliest"),
        r.optionalDate("quality.order-dates.latest"),
        r.fraction("quality.max-negative-revenue-share"),
        r.fraction("quality.max-customer-drop"),
        r.choice("quality.model-convergence", QualityConfig.ConvergencePolicy.class));
  }

  private static CohortConfig cohorts(Reader r, MappingConfig mapping) {
    List<String> segments = r.stringList("cohorts.segments");
    for (String segment : segments) {
      if (!mapping.segments().containsKey(segment)) {
        throw Errors.unknownSegment(
            "cohortlake.cohorts.segments", segment, mapping.segments().keySet());
      }
    }
    return new CohortConfig(
        segments,
        r.positiveInt("cohorts.active-window-months"),
        r.positiveInt("cohorts.projection-horizon-months"));
  }

  private static ClvConfig clv(Reader r, MappingConfig mapping) {
    List<ClvConfig.PurchaseModelKind> models = new ArrayList<>();
    List<String> names = r.stringList("clv.models");
    if (names.isEmpty()) {
      throw Errors.badConfigValue(
          "cohortlake.clv.models",
          names,
          "it must name at least one purchase model, e.g. [bg_nbd]");
    }
    for (String name : names) {
      ClvConfig.PurchaseModelKind kind =
          r.choice("clv.models", name, ClvConfig.PurchaseModelKind.class);
      if (models.contains(kind)) {
        throw Errors.badConfigValue(
            "cohortlake.clv.models", names, "it names '" + name + "' twice");
      }
      models.add(kind);
    }
    List<Double> quantiles = r.doubleList("clv.value-tier-quantiles");
    if (quantiles.size() != 2
        || !(0 < quantiles.get(0) && quantiles.get(0) < quantiles.get(1) && quantiles.get(1) < 1)) {
      throw Errors.badConfigValue(
          "cohortlake.clv.value-tier-quantiles",
          quantiles,
          "it must be two increasing quantiles between 0 and 1, e.g. [0.5, 0.8]");
    }
    Optional<LocalDate> calibrationEnd = r.optionalDate("clv.calibration-end");
    Optional<LocalDate> holdoutEnd = r.optionalDate("clv.holdout-end");
    if (holdoutEnd.isPresent()
        && (calibrationEnd.isEmpty() || !holdoutEnd.get().isAfter(calibrationEnd.get()))) {
      throw Errors.badConfigValue(
          "cohortlake.clv.holdout-end",
          holdoutEnd.get(),
          "it needs clv.calibration-end set to an earlier date");
    }
    List<String> fitBy = r.stringList("clv.fit-by");
    if (fitBy.isEmpty() || fitBy.size() != fitBy.stream().distinct().count()) {
      throw Errors.badConfigValue(
          "cohortlake.clv.fit-by", fitBy, "it must list distinct dimensions, e.g. [all, country]");
    }
    List<String> known =
        java.util.stream.Stream.concat(
                java.util.stream.Stream.of(
                    ClvConfig.ALL, ClvConfig.COHORT_QUARTER, ClvConfig.COHORT_MONTH),
                mapping.segments().keySet().stream())
            .toList();
    for (String dimension : fitBy) {
      if (!known.contains(dimension)) {
        throw Errors.badConfigValue(
            "cohortlake.clv.fit-by",
            fitBy,
            "'" + dimension + "' is not a dimension to fit by; the choices are " + known);
      }
    }
    double margin = r.fraction("clv.what-if.contribution-margin");
    return new ClvConfig(
        List.copyOf(models),
        r.choice("clv.time-unit", ClvConfig.TimeUnit.class),
        r.choice("clv.purchase-grain", ClvConfig.PurchaseGrain.class),
        r.positiveInt("clv.horizon-months"),
        r.fraction("clv.monthly-discount-rate"),
        calibrationEnd,
        holdoutEnd,
        r.positiveDouble("clv.lifespan-years"),
        quantiles,
        r.fraction("clv.at-risk.p-alive-below"),
        r.positiveDouble("clv.at-risk.silence-multiple"),
        List.copyOf(fitBy),
        r.positiveInt("clv.fit-by-min-customers"),
        r.fraction("clv.what-if.retention-points"),
        margin == 0 ? Optional.empty() : Optional.of(margin));
  }

  private static void validateCrossKeys(CohortLakeConfig config) {
    CleaningConfig cleaning = config.cleaning();
    if (cleaning.cancellations() != CancellationMode.KEEP
        && !cleaning.cancellationPrefix().isEmpty()
        && config.mapping().orderId().isEmpty()) {
      throw Errors.missingConfigValue(
          "cohortlake.mapping.order-id",
          "cleaning.cancellation-prefix marks cancellations by their order id");
    }
    if (!cleaning.nonProductCodes().isEmpty() && config.mapping().productId().isEmpty()) {
      throw Errors.missingConfigValue(
          "cohortlake.mapping.product-id",
          "cleaning.non-product-codes are matched against the product id");
    }
    if (cleaning.windowStart().isPresent()
        && cleaning.windowEnd().isPresent()
        && cleaning.windowStart().get().isAfter(cleaning.windowEnd().get())) {
      throw Errors.badConfigValue(
          "cohortlake.cleaning.window.start",
          cleaning.windowStart().get(),
          "it must not be after cleaning.window.end (" + cleaning.windowEnd().get() + ")");
    }
  }

  private static String fingerprint(Config config) {
    String canonical = config.root().render(ConfigRenderOptions.concise().setJson(true));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** Typed access to the merged {@code cohortlake} object; every failure names the full key. */
  private static final class Reader {
    private final Config config;

    Reader(Config config) {
      this.config = config;
    }

    /** Reads a key with a typed getter; a value of the wrong type fails naming the key. */
    private <T> T typed(String key, Function<String, T> getter, String expected) {
      try {
        return getter.apply(key);
      } catch (ConfigException.WrongType e) {
        throw Errors.badConfigValue(full(key), config.getValue(key).unwrapped(), expected);
      }
    }

    String string(String key) {
      return typed(key, config::getString, "it must be text").trim();
    }

    String nonEmptyString(String key) {
      String value = string(key);
      if (value.isEmpty()) {
        throw Errors.missingConfigValue(full(key), "it may not be empty");
      }
      return value;
    }

    String required(String key, String why) {
      String value = string(key);
      if (value.isEmpty()) {
        throw Errors.missingConfigValue(full(key), why);
      }
      return value;
    }

    Optional<String> optional(String key) {
      String value = string(key);
      return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    String singleChar(String key) {
      String value = typed(key, config::getString, "it must be a single character (or \\t)");
      if (value.length() != 1 && !value.equals("\\t")) {
        throw Errors.badConfigValue(full(key), value, "it must be a single character (or \\t)");
      }
      return value.equals("\\t") ? "\t" : value;
    }

    boolean bool(String key) {
      return typed(key, config::getBoolean, "it must be true or false");
    }

    int positiveInt(String key) {
      int value = Math.toIntExact(wholeNumber(key));
      if (value <= 0) {
        throw Errors.badConfigValue(full(key), value, "it must be positive");
      }
      return value;
    }

    long nonNegativeLong(String key) {
      long value = wholeNumber(key);
      if (value < 0) {
        throw Errors.badConfigValue(full(key), value, "it must not be negative");
      }
      return value;
    }

    /**
     * A whole number; a fractional value such as 12.7 is refused (Typesafe Config would truncate it
     * silently), and the message shows the value as written.
     */
    private long wholeNumber(String key) {
      Number number = typed(key, config::getNumber, "it must be a whole number");
      double value = number.doubleValue();
      if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
        throw Errors.badConfigValue(
            full(key), config.getValue(key).unwrapped(), "it must be a whole number");
      }
      return number.longValue();
    }

    double fraction(String key) {
      double value = typed(key, config::getDouble, "it must be a number");
      if (!(value >= 0 && value <= 1)) {
        throw Errors.badConfigValue(full(key), value, "it must lie between 0 and 1");
      }
      return value;
    }

    double positiveDouble(String key) {
      double value = typed(key, config::getDouble, "it must be a number");
      if (!(value > 0)) {
        throw Errors.badConfigValue(full(key), value, "it must be positive");
      }
      return value;
    }

    List<Double> doubleList(String key) {
      return List.copyOf(typed(key, config::getDoubleList, "it must be a list of numbers"));
    }

    String zone(String key) {
      String value = nonEmptyString(key);
      try {
        ZoneId.of(value);
      } catch (RuntimeException e) {
        throw Errors.badConfigValue(
            full(key), value, "it must be a time zone id such as UTC or Europe/London");
      }
      return value;
    }

    Optional<LocalDate> optionalDate(String key) {
      Optional<String> value = optional(key);
      try {
        return value.map(LocalDate::parse);
      } catch (DateTimeParseException e) {
        throw Errors.badConfigValue(full(key), value.get(), "it must be a date yyyy-MM-dd");
      }
    }

    <E extends Enum<E>> E choice(String key, Class<E> type) {
      return choice(key, string(key), type);
    }

    <E extends Enum<E>> E choice(String key, String value, Class<E> type) {
      try {
        return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
          allowed.add(constant.name().toLowerCase(Locale.ROOT));
        }
        throw Errors.badConfigValue(full(key), value, "it must be one of " + allowed);
      }
    }

    List<String> stringList(String key) {
      return List.copyOf(typed(key, config::getStringList, "it must be a list of text values"));
    }

    Map<String, String> stringMap(String key) {
      Map<String, String> result = new TreeMap<>();
      Config object = typed(key, config::getConfig, "it must be an object");
      for (String name : object.root().keySet()) {
        result.put(name, nonEmptyString(key + "." + name));
      }
      return result;
    }

    private static String full(String key) {
      return ROOT + "." + key;
    }
  }
}
