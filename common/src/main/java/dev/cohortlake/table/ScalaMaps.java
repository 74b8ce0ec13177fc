package dev.cohortlake.table;

import java.util.Map;
import scala.jdk.javaapi.CollectionConverters;

/** Java maps as the Scala maps that Spark rows hold in MAP columns. */
public final class ScalaMaps {

  private ScalaMaps() {}

  public static <V> scala.collection.immutable.Map<String, V> of(Map<String, V> map) {
    return scala.collection.immutable.Map.from(CollectionConverters.asScala(map));
  }
}
