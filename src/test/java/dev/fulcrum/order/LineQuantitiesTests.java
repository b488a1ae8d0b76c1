package dev.fulcrum.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The line ledger holds its invariants in its type, whatever the database says. */
class LineQuantitiesTests {

    @Test
    void shipsOpenUnitsTakingThemFromTheAllocationFirst() {
        // given three units ordered, two allocated
        LineQuantities ledger = LineQuantities.of(3).allocate(2);

        // when one ships
        LineQuantities after = ledger.ship(1);

        // then
        assertThat(after).isEqualTo(new LineQuantities(3, 1, 1, 0, 0, 0, 0));
        assertThat(after.open()).isEqualTo(2);
    }

    @Test
    void rejectsShippingMoreUnitsThanAreOpen() {
        LineQuantities ledger = LineQuantities.of(3).ship(2);

        assertThatThrownBy(() -> ledger.ship(2))
                .isInstanceOf(LineQuantities.LedgerViolation.class)
                .hasMessage("cannot ship 2: only 1 open");
    }

    @Test
    void rejectsShippingNothingOrLess() {
        assertThatThrownBy(() -> LineQuantities.of(3).ship(0))
                .isInstanceOf(LineQuantities.LedgerViolation.class)
                .hasMessageContaining("must be positive");
    }

    @Test
    void rejectsAllocatingMoreThanIsOpen() {
        LineQuantities ledger = LineQuantities.of(3).ship(1);

        assertThatThrownBy(() -> ledger.allocate(3))
                .isInstanceOf(LineQuantities.LedgerViolation.class)
                .hasMessage("cannot allocate 3: 2 open");
    }

    @Test
    void rejectsDeliveringMoreThanIsInTransit() {
        LineQuantities ledger = LineQuantities.of(3).ship(2).deliver(1);

        assertThatThrownBy(() -> ledger.deliver(2))
                .isInstanceOf(LineQuantities.LedgerViolation.class)
                .hasMessage("cannot deliver 2: only 1 in transit");
    }

    @Test
    void cancellingReleasesTheAllocationAndCancelsOnlyWhatIsOpen() {
        LineQuantities after = LineQuantities.of(3).allocate(2).ship(1).cancelOpen();

        assertThat(after).isEqualTo(new LineQuantities(3, 0, 1, 0, 2, 0, 0));
    }

    @Test
    void aLedgerThatBreaksAnInvariantCannotBeMade() {
        assertThatThrownBy(() -> new LineQuantities(2, 0, 1, 0, 0, 0, -1))
                .isInstanceOf(LineQuantities.LedgerViolation.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> new LineQuantities(2, 0, 2, 0, 1, 0, 0))
                .hasMessage("shipped (2) plus cancelled (1) exceeds ordered (2)");
        assertThatThrownBy(() -> new LineQuantities(2, 0, 1, 2, 0, 0, 0))
                .hasMessage("delivered (2) exceeds shipped (1)");
        assertThatThrownBy(() -> new LineQuantities(2, 0, 2, 1, 0, 0, 2))
                .hasMessage("returned (2) exceeds delivered (1)");
        assertThatThrownBy(() -> new LineQuantities(2, 2, 1, 0, 0, 0, 0)).hasMessage("allocated (2) exceeds open (1)");
    }
}
