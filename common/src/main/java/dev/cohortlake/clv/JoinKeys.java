package dev.cohortlake.clv;

import java.util.List;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/** Column names as the Scala sequence that {@code Dataset.join} takes. */
final class JoinKeys {

  private JoinKeys() {}

  static Seq<String> of(String... names) {
    return CollectionConverters.asScala(List.of(names)).toList();
  }
}
