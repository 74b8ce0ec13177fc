#!/usr/bin/env bash
# Benchmark: Cohort Lake's `all` against DuckDB on the same generated order history.
#   scripts/bench.sh 1M        # sizes in order lines: 1M, 10M, 50M, 100M
#   scripts/bench.sh 2M 1000000  # 2M lines, 1M of them from one customer (C-heavy): the skew test
#   scripts/bench.sh fits [CUSTOMERS [MODEL...]]   # model fits alone, default 1,000,000 customers
#   scripts/bench.sh floor 10M [ROUNDS [PARTITIONS]] # DuckDB's own queries in plain Spark SQL, warm
#   scripts/bench.sh floor-pipeline 10M [ROUNDS [PARTITIONS]] # DuckDB's end-to-end peer in Spark SQL
#                                  # writing Delta tables, warm: the floor without the product's guarantees
#   scripts/bench.sh nightly 10M   # a full run, then a night that adds the last day's file, against
#                                  # a full rebuild of the same files (stage shares, equal tables)
# Generates the input once (cached under bench/data/SIZE); then, ROUNDS times (default 3), runs `all`
# with per-stage timings, rows/s and peak RSS, and DuckDB (2 threads) on the same Parquet files: its
# cohort table and customer summary queries, checked identical to Cohort Lake's tables, and its
# end-to-end peer writing orders, customers and cohort_monthly. Prints the medians and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."

size=${1:?usage: scripts/bench.sh SIZE (e.g. 1M, 10M, 50M, 100M) | fits [CUSTOMERS] | floor SIZE | floor-pipeline SIZE}
if [[ ! -f bench/target/bench-classpath.txt || ! -f jobs/target/cohortlake.jar ]]; then
  mvn -q -B -Pbench -DskipTests package
fi
if [[ "$size" == fits ]]; then
  shift
  exec java -Xmx8g -cp "bench/target/classes:$(cat bench/target/bench-classpath.txt)" \
    dev.cohortlake.bench.FitBenchmark "$@"
fi
floor=false
nightly=false
if [[ "$size" == nightly ]]; then
  nightly=true
  size=${2:?usage: scripts/bench.sh nightly SIZE}
  heavy=0
  shift 2
fi
floor_class=SparkSqlFloor
if [[ "$size" == floor-pipeline ]]; then
  size=floor
  floor_class=SparkPipelineFloor
fi
if [[ "$size" == floor ]]; then
  floor=true
  size=${2:?usage: scripts/bench.sh floor SIZE [ROUNDS [PARTITIONS]]}
  heavy=0
  shift 2
fi
case "$size" in
  *M) lines=$(( ${size%M} * 1000000 )) ;;
  *K) lines=$(( ${size%K} * 1000 )) ;;
  *) lines=$size ;;
esac
heavy=${heavy:-${2:-0}}
# CDNOW's parameters give about 2.86 order lines per customer over the generated 24 months.
customers=$(( (lines - heavy) * 100 / 286 ))
name=$size$([[ "$heavy" != 0 ]] && echo "-heavy$heavy" || true)
data=bench/data/$name
warehouse=bench/warehouse-$name
as_of=2025-12-31

if [[ ! -d "$data" ]]; then
  scripts/generate-orders --customers "$customers" --heavy-customer-orders "$heavy" --output "$data"
fi

if [[ "$floor" == true ]]; then
  exec java ${JAVA_OPTS:--Xmx8g} $(cat jobs/target/jvm-options.txt) -Duser.timezone=UTC \
    -Dlog4j2.configurationFile=conf/log4j2.properties \
    -cp "bench/target/classes:$(cat bench/target/bench-classpath.txt)" \
    "dev.cohortlake.bench.$floor_class" "$data" "$as_of" "$@"
fi

if [[ "$nightly" == true ]]; then
  bench_java() {
    java $(cat jobs/target/jvm-options.txt) -Dlog4j2.configurationFile=conf/log4j2.properties \
      -cp "bench/target/classes:$(cat bench/target/bench-classpath.txt)" dev.cohortlake.bench.NightlyBench "$@"
  }
  days=bench/data/$name-days
  [[ -d "$days" ]] || bench_java split "$data" "$days"
  last_day=$(ls "$days" | sort | tail -1 | cut -c1-10)
  eve=$(date -u -d "$last_day - 1 day" +%F)
  root=bench/nightly-$name
  rm -rf "$root" && mkdir -p "$root/inbox"
  for f in "$days"/*.parquet; do [[ $(basename "$f") == "$last_day"* ]] || ln "$f" "$root/inbox/"; done
  cohortlake() { # LOG WAREHOUSE JOB ARGS...
    local log=$1 wh=$2; shift 2
    scripts/cohortlake "$@" --config conf/bench.conf --set source.path="$root/inbox" \
      --set warehouse.root="$wh" > "$root/$log.log" 2>&1 || { tail -20 "$root/$log.log"; exit 1; }
  }
  seconds() { # LOG STAGE-REGEX: the summed seconds of the matching stages
    grep -E "^  ($2)" "$root/$1.log" | grep -oE '[0-9.]+ s$' | tr -d ' s' | paste -sd+ | sed 's/^$/0/' | bc
  }
  echo "first run: all --as-of $eve over $(ls "$root/inbox" | wc -l) daily files (source.incremental)"
  cohortlake first "$root/warehouse" all --as-of "$eve" --set source.incremental=true
  ln "$days/$last_day"*.parquet "$root/inbox/"
  echo "night: all --as-of $last_day after $last_day's file arrived"
  cohortlake night "$root/warehouse" all --as-of "$last_day" --set source.incremental=true
  echo "full rebuild: all --as-of $last_day over the same files, read whole, in a new warehouse"
  cohortlake full "$root/full" all --as-of "$last_day" --set source.incremental=false
  bench_java compare "$root/warehouse" "$root/full" "$last_day"
  share() { # LABEL STAGE-REGEX
    local n f; n=$(seconds night "($2): "); f=$(seconds full "($2): ")
    printf '%-34s %9.1fs %9.1fs %7.1f%%\n' "$1" "$n" "$f" "$(echo "100 * $n / $f" | bc -l)"
  }
  printf '\n%-34s %10s %10s %8s\n' stage night full share
  share ingest ingest
  share "customers (activity roll-up, write)" "activity|customers"
  share cohorts cohorts
  share "ingest -> customers -> cohorts" "ingest|activity|customers|cohorts"
  share clv clv
  grep -E 'rows read' "$root/night.log" "$root/full.log"
  exit 0
fi

# ROUNDS (default 3) rounds of `all` each followed by DuckDB on the same files; the medians are reported.
rounds=${ROUNDS:-3}
stage_seconds() { grep -E "$1" "$log" | grep -oE '[0-9.]+ s$' | tr -d ' s' | paste -sd+ | sed 's/^$/0/' | bc; }
duck_seconds() { grep -oE "$1=[0-9.]+" <<< "$duck" | cut -d= -f2; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
figures=bench/run-$name.figures
: > "$figures"
for round in $(seq 1 "$rounds"); do
  rm -rf "$warehouse"
  log=bench/run-$name-$round.log
  /usr/bin/time -v scripts/cohortlake all --config conf/bench.conf --as-of "$as_of" \
    --set source.path="$data" --set warehouse.root="$warehouse" > "$log" 2>&1
  echo "round $round of $rounds"
  grep -E '^  [a-z]+: ' "$log"
  read_rows=$(grep -oE 'rows read [0-9,]+' "$log" | tr -dc 0-9)
  total=$(grep -oE 'succeeded in [0-9.]+' "$log" | grep -oE '[0-9.]+')
  rss_kb=$(grep 'Maximum resident set size' "$log" | grep -oE '[0-9]+')
  echo "spark all: ${total}s for ${read_rows} rows ($(( read_rows / ${total%.*} )) rows/s), peak RSS $(( rss_kb / 1024 )) MiB"

  duck=$(java $(cat jobs/target/jvm-options.txt) -Dlog4j2.configurationFile=conf/log4j2.properties \
    -cp "bench/target/classes:$(cat bench/target/bench-classpath.txt)" \
    dev.cohortlake.bench.DuckDbBaseline "$data" "$warehouse" "$as_of" 2>/dev/null)
  echo "$duck"
  # DuckDB's customer summary starts from the order lines; Spark's from orders: the pass over them
  # into the cached activity, then the customers table's Delta commit.
  spark_customers=$(echo "$(stage_seconds 'activity: ') + $(stage_seconds 'customers: write customers')" | bc)
  spark_cohorts=$(echo "$(stage_seconds 'cohorts: sum cohort cells') + $(stage_seconds 'cohorts: write cohort_monthly')" | bc)
  # End to end: the stages that write what the DuckDB pipeline writes (orders, customers, cohort_monthly).
  spark_pipeline=$(stage_seconds '^  (ingest|activity|customers): |cohorts: (sum cohort cells|write cohort_monthly)')
  echo "$total $(( rss_kb / 1024 )) $spark_cohorts $(duck_seconds cohort_table_seconds) $spark_customers" \
    "$(duck_seconds customer_summary_seconds) $spark_pipeline $(duck_seconds pipeline_seconds)" >> "$figures"
done
med() { cut -d' ' -f"$1" "$figures" | median; }
printf '\nmedian of %d rounds: spark all %ss, peak RSS %s MiB\n' "$rounds" "$(med 1)" "$(med 2)"
ratio() { echo "scale=2; $(med "$1") / $(med "$2")" | bc; }
echo "cohort table (spark cohort cells + cohort_monthly stages / duckdb query): $(med 3)s / $(med 4)s = $(ratio 3 4)x"
echo "customer summary (spark activity + customers stages / duckdb query): $(med 5)s / $(med 6)s = $(ratio 5 6)x"
echo "end to end (spark ingest -> customers -> cohort_monthly / duckdb pipeline writing the same tables): $(med 7)s / $(med 8)s = $(ratio 7 8)x"
