package dev.cohortlake.table;

import java.util.List;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/** Column names as the Scala sequence that {@code Dataset.join} takes. */
public final class JoinKeys {

  private JoinKeys() {}

  public static Seq<String> of(String... names) {
    return CollectionConverters.asScala(List.of(names)).toList();
  }
}
