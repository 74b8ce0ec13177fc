#!/usr/bin/env bash
# Submits a Cohort Lake job to a Spark cluster: the same application jar as a local run.
#   scripts/submit.sh <job> --config FILE [--as-of YYYY-MM-DD] [--set k=v ...] [-- spark-submit options]
#   scripts/submit.sh all --config conf/shop.conf --as-of 2025-12-31 -- --master spark://host:7077 \
#     --total-executor-cores 8 --executor-memory 4g --conf spark.sql.shuffle.partitions=64
# Uses `spark-submit` from PATH (or $SPARK_HOME/bin) when there is one; otherwise runs Spark's
# SparkSubmit from the Maven-resolved Spark jars, as on machines without a Spark distribution.
# The deploy mode is client: the driver runs here, so this script's exit code is the job's (0, 1, 2
# or 3). In standalone cluster mode spark-submit exits 0 even when the driver fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

jar=$root/jobs/target/cohortlake.jar
classpath=$root/jobs/target/runtime-classpath.txt
spark_runtime=$root/jobs/target/spark-runtime-classpath.txt
jvm_options=$root/jobs/target/jvm-options.txt
# Builds the jar when it is missing or older than the sources (the local launcher's own check).
"$root/scripts/cohortlake" --version >/dev/null

app_args=()
while [[ $# -gt 0 && "$1" != "--" ]]; do
  app_args+=("$1")
  shift
done
[[ $# -gt 0 ]] && shift
spark_args=("$@")
for arg in "${spark_args[@]}"; do
  if [[ "$arg" == "--deploy-mode=cluster" || "$arg" == "cluster" ]]; then
    echo "scripts/submit.sh runs the driver in client mode, so that its exit code is the job's." >&2
    exit 2
  fi
done

# Cohort Lake needs a UTC session; the Java 17 module options reach the executors too.
common=(--class dev.cohortlake.jobs.CohortLakeCli --deploy-mode client
  --conf spark.sql.session.timeZone=UTC
  --conf "spark.executor.extraJavaOptions=$(cat "$jvm_options")")

spark_submit=$(command -v spark-submit || true)
if [[ -z "$spark_submit" && -n "${SPARK_HOME:-}" && -x "$SPARK_HOME/bin/spark-submit" ]]; then
  spark_submit=$SPARK_HOME/bin/spark-submit
fi
if [[ -n "$spark_submit" ]]; then
  exec "$spark_submit" "${common[@]}" "${spark_args[@]}" "$jar" "${app_args[@]}"
fi
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
# shellcheck disable=SC2046
exec java ${JAVA_OPTS:--Xmx4g} $(cat "$jvm_options") \
  -Dlog4j2.configurationFile="$root/conf/log4j2.properties" \
  -cp "$(cat "$classpath"):$(cat "$spark_runtime")" org.apache.spark.deploy.SparkSubmit \
  "${common[@]}" "${spark_args[@]}" "$jar" "${app_args[@]}"
