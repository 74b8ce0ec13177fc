-- The views a BI user would otherwise write, over the Cohort Lake tables. The same SQL runs in Spark
-- (the jobs create the views with catalog.enabled = true) and in Trino (scripts/serve-sql), so it
-- keeps to what both accept: conditional aggregation instead of PIVOT, no engine-specific
-- functions. Table names are unqualified: each engine creates the views in the database (schema)
-- that holds the tables. A view whose tables are not written yet is skipped until they are.

-- The rows of the most recent as-of date of each snapshot table.
CREATE OR REPLACE VIEW customers_latest AS
SELECT * FROM customers WHERE as_of_date = (SELECT max(as_of_date) FROM customers);

CREATE OR REPLACE VIEW cohort_monthly_latest AS
SELECT * FROM cohort_monthly WHERE as_of_date = (SELECT max(as_of_date) FROM cohort_monthly);

CREATE OR REPLACE VIEW retention_curve_latest AS
SELECT * FROM retention_curve WHERE as_of_date = (SELECT max(as_of_date) FROM retention_curve);

CREATE OR REPLACE VIEW clv_customer_latest AS
SELECT * FROM clv_customer WHERE as_of_date = (SELECT max(as_of_date) FROM clv_customer);

-- The cohort heatmap of the latest snapshot: one row per segment and cohort month, the share of
-- the cohort active in each of periods 0 to 23 (months since acquisition) as columns.
CREATE OR REPLACE VIEW cohort_heatmap AS
SELECT
  as_of_date,
  segment,
  segment_value,
  cohort_month,
  max(cohort_size) AS cohort_size,
  max(CASE WHEN period = 0 THEN retention_rate END) AS period_00,
  max(CASE WHEN period = 1 THEN retention_rate END) AS period_01,
  max(CASE WHEN period = 2 THEN retention_rate END) AS period_02,
  max(CASE WHEN period = 3 THEN retention_rate END) AS period_03,
  max(CASE WHEN period = 4 THEN retention_rate END) AS period_04,
  max(CASE WHEN period = 5 THEN retention_rate END) AS period_05,
  max(CASE WHEN period = 6 THEN retention_rate END) AS period_06,
  max(CASE WHEN period = 7 THEN retention_rate END) AS period_07,
  max(CASE WHEN period = 8 THEN retention_rate END) AS period_08,
  max(CASE WHEN period = 9 THEN retention_rate END) AS period_09,
  max(CASE WHEN period = 10 THEN retention_rate END) AS period_10,
  max(CASE WHEN period = 11 THEN retention_rate END) AS period_11,
  max(CASE WHEN period = 12 THEN retention_rate END) AS period_12,
  max(CASE WHEN period = 13 THEN retention_rate END) AS period_13,
  max(CASE WHEN period = 14 THEN retention_rate END) AS period_14,
  max(CASE WHEN period = 15 THEN retention_rate END) AS period_15,
  max(CASE WHEN period = 16 THEN retention_rate END) AS period_16,
  max(CASE WHEN period = 17 THEN retention_rate END) AS period_17,
  max(CASE WHEN period = 18 THEN retention_rate END) AS period_18,
  max(CASE WHEN period = 19 THEN retention_rate END) AS period_19,
  max(CASE WHEN period = 20 THEN retention_rate END) AS period_20,
  max(CASE WHEN period = 21 THEN retention_rate END) AS period_21,
  max(CASE WHEN period = 22 THEN retention_rate END) AS period_22,
  max(CASE WHEN period = 23 THEN retention_rate END) AS period_23
FROM cohort_monthly_latest
GROUP BY as_of_date, segment, segment_value, cohort_month;

-- The at-risk list (communication calendar) of the latest CLV snapshot, per purchase model: the
-- customers to contact, most valuable first (value_rank), with their silence, the purchases the
-- model still expects, and when and why to contact them.
CREATE OR REPLACE VIEW at_risk_customers AS
SELECT
  v.as_of_date,
  v.model,
  row_number() OVER (PARTITION BY v.model ORDER BY v.clv DESC, v.customer_id) AS value_rank,
  v.customer_id,
  v.cohort_month,
  v.value_tier,
  v.clv,
  v.p_alive,
  v.expected_purchases,
  v.historical_revenue,
  c.last_order_date,
  c.days_since_last_order,
  k.reason,
  k.contact_week,
  k.value_at_stake
FROM clv_customer_latest v
JOIN customers c
  ON c.as_of_date = v.as_of_date AND c.customer_id = v.customer_id
LEFT JOIN contact_calendar k
  ON k.as_of_date = v.as_of_date AND k.model = v.model AND k.customer_id = v.customer_id
WHERE v.at_risk;
