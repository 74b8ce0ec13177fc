package dev.cohortlake.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cohortlake.clean.CleanedLines.RowCounts;
import dev.cohortlake.config.QualityConfig;
import dev.cohortlake.config.QualityConfig.ConvergencePolicy;
import dev.cohortlake.model.MleFit;
import dev.cohortlake.run.CohortLakeException;
import dev.cohortlake.run.ExitCode;
import dev.cohortlake.run.RunLedger;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each gate judges what the run measured: exit code 3 naming gate, value and limit, or a pass. */
class QualityGatesTest {

  private final RunLedger ledger = new RunLedger();

  private QualityGates gates(
      double maxRejected, double maxNegative, double maxDrop, ConvergencePolicy convergence) {
    return new QualityGates(
        new QualityConfig(
            maxRejected, 1, Optional.empty(), Optional.empty(), maxNegative, maxDrop, convergence),
        ledger);
  }

  @Test
  void anEmptySourceFailsBothTheMinimumRowsAndTheRejectedShare() {
    QualityGates gates = gates(1.0, 1.0, 1.0, ConvergencePolicy.FAIL);
    assertThatThrownBy(() -> gates.minRowsRead(0, "csv orders.csv"))
        .isInstanceOfSatisfying(
            CohortLakeException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.DATA_QUALITY_GATE))
        .hasMessageContaining("cohortlake.quality.min-rows-read: measured 0, limit 1")
        .hasMessageContaining("orders.csv");
    assertThatThrownBy(() -> gates.rejectedFraction(new RowCounts(0, 0, Map.of()), () -> ""))
        .as("0 rejected of 0 read is not a pass, even with the limit at 100%")
        .hasMessageContaining("max-rejected-fraction");
    assertThat(ledger.gates()).extracting(GateResult::passed).containsExactly(false, false);
  }

  @Test
  void rejectedShareAtTheLimitPassesAndAboveItFailsWithExamples() {
    QualityGates gates = gates(0.25, 1.0, 1.0, ConvergencePolicy.FAIL);
    gates.rejectedFraction(new RowCounts(4, 3, Map.of("duplicate", 1L)), () -> "never asked");
    assertThatThrownBy(
            () ->
                gates.rejectedFraction(
                    new RowCounts(4, 2, Map.of("duplicate", 2L)), () -> "[duplicate: row 3]"))
        .hasMessageContaining("measured 0.5000, limit 0.2500")
        .hasMessageContaining("2 of 4 rows read (50.00%)")
        .hasMessageContaining("[duplicate: row 3]");
    assertThat(ledger.gates()).extracting(GateResult::measured).containsExactly(0.25, 0.5);
  }

  @Test
  void customerGatesCompareShareAndDropWithTheirLimits() {
    QualityGates gates = gates(1.0, 0.01, 0.2, ConvergencePolicy.FAIL);
    gates.negativeRevenueShare(1, 100);
    assertThatThrownBy(() -> gates.negativeRevenueShare(2, 100))
        .hasMessageContaining("max-negative-revenue-share: measured 0.02000, limit 0.01000");
    gates.customerDrop(1000, LocalDate.of(2024, 1, 31), 800);
    assertThatThrownBy(() -> gates.customerDrop(1000, LocalDate.of(2024, 1, 31), 799))
        .hasMessageContaining("max-customer-drop: measured 0.2010, limit 0.2000")
        .hasMessageContaining("799 customers against 1,000 in the snapshot of 2024-01-31");
  }

  @Test
  void aModelThatDidNotConvergeFailsTheRunOrIsKeptOutOfTheScores() {
    MleFit stuck =
        new MleFit(
            List.of("r", "alpha"),
            new double[] {0.2, 4},
            new double[][] {{0.01, 0}, {0, 1}},
            -100,
            50,
            10,
            200,
            false,
            0.1);
    assertThatThrownBy(() -> gates(1, 1, 1, ConvergencePolicy.FAIL).converged("bg_nbd", stuck))
        .isInstanceOfSatisfying(
            CohortLakeException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.DATA_QUALITY_GATE))
        .hasMessageContaining("model-convergence.bg_nbd")
        .hasMessageContaining("did not converge after 200 iterations");

    assertThat(gates(1, 1, 1, ConvergencePolicy.SKIP).converged("bg_nbd", stuck))
        .as("skip: kept out of clv_customer")
        .isFalse();
    assertThat(ledger.gates())
        .extracting(GateResult::name, GateResult::passed)
        .containsOnly(org.assertj.core.groups.Tuple.tuple("model-convergence.bg_nbd", false));
  }
}
