package dev.fulcrum.compliance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IntakeScreeningTests {

    @Test
    void aHoldReasonNamesTenReasonsAndCountsTheRest() {
        List<String> why = IntStream.rangeClosed(1, 12)
                .mapToObj(line -> "SKU S-" + line + " may not be shipped to CN")
                .toList();

        String summary = IntakeScreening.summary(why);

        assertThat(summary)
                .startsWith("SKU S-1 may not be shipped to CN; SKU S-2")
                .contains("S-10 ");
        assertThat(summary).doesNotContain("S-11").endsWith("; and 2 more");
        assertThat(IntakeScreening.summary(why.subList(0, 2)))
                .isEqualTo("SKU S-1 may not be shipped to CN; SKU S-2 may not be shipped to CN");
    }
}
