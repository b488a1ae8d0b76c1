package dev.fulcrum.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonalDataMasksTests {

    @Test
    void namesAndAddressLinesKeepTheirFirstCharacterOnly() {
        assertThat(PersonalDataMasks.mask("王芳")).isEqualTo("王**");
        assertThat(PersonalDataMasks.mask("欧阳娜娜")).isEqualTo("欧**");
        assertThat(PersonalDataMasks.mask("12 St James's Square")).isEqualTo("1**");
    }

    @Test
    void anEmailKeepsTheFirstCharacterOfItsLocalPartAndItsDomain() {
        assertThat(PersonalDataMasks.mask("ada.lovelace@example.com")).isEqualTo("a***@example.com");
    }

    @Test
    void phoneAndIdentityNumbersKeepTheirLastFourCharacters() {
        assertThat(PersonalDataMasks.mask("+86 138 0000 1234")).isEqualTo("+** *** **** 1234");
        assertThat(PersonalDataMasks.mask("11010519491231002X")).isEqualTo("**************002X");
    }
}
