package dev.fulcrum.sourcing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NoteTaggerTests {

    @Test
    void tagsChineseAndEnglishNotes() {
        assertThat(NoteTagger.tags("急用，送长辈", NoteTagger.STANDARD_RULES)).containsExactly("urgent", "gift");
        assertThat(NoteTagger.tags("Please deliver ASAP, it's a gift", NoteTagger.STANDARD_RULES))
                .containsExactly("urgent", "gift");
        assertThat(NoteTagger.tags("周末不收，自提也可以", NoteTagger.STANDARD_RULES)).containsExactly("avoid-weekend", "pickup");
        assertThat(NoteTagger.tags("放门口", NoteTagger.STANDARD_RULES)).isEmpty();
        assertThat(NoteTagger.tags(null, NoteTagger.STANDARD_RULES)).isEmpty();
    }

    @Test
    void followsATenantsOwnRules() {
        assertThat(NoteTagger.tags("易碎品", java.util.Map.of("fragile", java.util.List.of("易碎", "fragile"))))
                .containsExactly("fragile");
    }
}
