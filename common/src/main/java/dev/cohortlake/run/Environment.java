package dev.cohortlake.run;

import java.util.Map;
import java.util.Optional;

/**
 * The environment variables a run may read, such as a database source's credentials, which never go
 * in a config file. Never prints its values: a run's context may be logged.
 */
public final class Environment {

  private final Map<String, String> variables;

  private Environment(Map<String, String> variables) {
    this.variables = Map.copyOf(variables);
  }

  /** This process's environment. */
  public static Environment ofProcess() {
    return new Environment(System.getenv());
  }

  public static Environment of(Map<String, String> variables) {
    return new Environment(variables);
  }

  public Optional<String> get(String name) {
    return Optional.ofNullable(variables.get(name));
  }

  @Override
  public String toString() {
    return "Environment[" + variables.size() + " variables, values not shown]";
  }
}
