package dev.fulcrum.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ImportMemoryTests {

    private final ImportMemory memory = new ImportMemory(DataSize.ofMegabytes(10));

    @Test
    void admitsImportsWhileTheirSumFitsAndRefusesTheOneThatDoesNot() {
        ImportMemory.Reservation first = memory.reserve(6 * 1024 * 1024);
        assertThatThrownBy(() -> memory.reserve(5 * 1024 * 1024)).isInstanceOfSatisfying(ApiProblem.class, busy -> {
            assertThat(busy.status()).isEqualTo(503);
            assertThat(busy.type()).isEqualTo("imports-busy");
            assertThat(busy.errors().getFirst().field()).isEqualTo("body");
            assertThat(busy.getMessage()).contains("at most 10 MB", "max-import-bytes-in-flight");
        });
        first.close();
        first.close();
        assertThat(memory.held()).as("released once").isZero();
        assertThat(memory.reserve(10 * 1024 * 1024).bytes()).isEqualTo(10 * 1024 * 1024);
    }

    @Test
    void aJobTakesOverTheRequestsReservationSoTheRequestEndingDoesNotReleaseIt() {
        memory.beginRequest(memory.reserve(1000));
        ImportMemory.Reservation job = memory.takeOver(1000);
        memory.endRequest();
        assertThat(memory.held()).isEqualTo(1000);
        job.close();
        assertThat(memory.held()).isZero();

        memory.beginRequest(memory.reserve(1000));
        memory.endRequest();
        assertThat(memory.held())
                .as("a request nobody took over releases its bytes")
                .isZero();

        ImportMemory.Reservation unsized = memory.takeOver(2000);
        assertThat(memory.held())
                .as("a body without a length is reserved when taken over")
                .isEqualTo(2000);
        unsized.close();
    }
}
