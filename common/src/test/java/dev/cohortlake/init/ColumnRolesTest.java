package dev.cohortlake.init;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortlake.init.ColumnRoles.Guess;
import dev.cohortlake.init.ColumnRoles.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnRolesTest {

  @Test
  void valuesAloneFindTheTimeAndTheCustomerOfAHeaderlessExport() {
    Guess guess =
        ColumnRoles.guess(
            List.of("col_1", "col_2", "col_3"),
            List.of(
                List.of("1001", "05/01/2024 14:03", "19.99"),
                List.of("1002", "06/01/2024 09:40", "5.00"),
                List.of("1001", "01/02/2024 18:15", "7.50")));

    assertThat(guess.columns()).containsEntry(Role.ORDER_TS, "col_2");
    assertThat(guess.timeFormat()).contains("MM/dd/yyyy HH:mm");
    assertThat(guess.reasons().get(Role.ORDER_TS)).contains("and as dd/MM/yyyy HH:mm: check which");
    assertThat(guess.dayGrain()).isFalse();
    assertThat(guess.columns()).containsEntry(Role.CUSTOMER, "col_1");
    assertThat(guess.reasons().get(Role.CUSTOMER)).contains("2 distinct ids in 3 rows");
    assertThat(guess.columns()).doesNotContainKey(Role.AMOUNT);
    assertThat(guess.reasons().get(Role.AMOUNT)).contains("no revenue");
  }

  @Test
  void namesInCamelOrSnakeCaseDecideOverValues() {
    Guess guess =
        ColumnRoles.guess(
            List.of("OrderNumber", "ShopperRef", "order_date", "NetAmount", "Channel"),
            List.of(
                List.of("A-1", "s9", "2024-03-01", "10.50", "web"),
                List.of("A-2", "s7", "2024-03-01", "3.25", "store"),
                List.of("A-3", "s9", "2024-03-04", "8.00", "web")));

    assertThat(guess.columns())
        .containsEntry(Role.ORDER_ID, "OrderNumber")
        .containsEntry(Role.CUSTOMER, "ShopperRef")
        .containsEntry(Role.ORDER_TS, "order_date")
        .containsEntry(Role.AMOUNT, "NetAmount");
    assertThat(guess.dayGrain()).isTrue();
    assertThat(guess.segments()).containsExactly("Channel");
  }
}
