package dev.fulcrum.compliance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdentityNumbersTests {

    @Test
    void acceptsNumbersWhoseCheckCharacterMatchesIncludingX() {
        assertThat(IdentityNumbers.problem("11010519491231002X")).isNull();
        assertThat(IdentityNumbers.problem("11010519491231002x")).isNull();
        assertThat(IdentityNumbers.problem("310101199001011234")).isNull();
    }

    @Test
    void refusesAWrongCheckCharacterAWrongLengthAndLetters() {
        assertThat(IdentityNumbers.problem("110105194912310021")).contains("check character");
        assertThat(IdentityNumbers.problem("1101051949123100")).isEqualTo("must be 18 characters, not 16");
        assertThat(IdentityNumbers.problem("1101051949A231002X")).contains("17 digits");
    }
}
