package dev.fulcrum.rollout.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.rollout.Rollouts;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.OrderId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CanaryShareUnitTests {

    private static final Rollouts.Canary THIRTY_PERCENT = new Rollouts.Canary(2, 30, Instant.EPOCH);

    @Test
    void aCanaryAtThirtyPercentGovernsThirtyPercentOfAThousandNewOrdersAlwaysTheSameOnes() {
        List<OrderId> orders = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            orders.add(new OrderId(Ids.timeOrdered()));
        }
        List<Integer> first = orders.stream()
                .map(id -> CanaryRollouts.versionFor(THIRTY_PERCENT, id, 1))
                .toList();
        long onCanary = first.stream().filter(version -> version == 2).count();
        assertThat(onCanary).isBetween(250L, 350L);
        assertThat(orders.stream()
                        .map(id -> CanaryRollouts.versionFor(THIRTY_PERCENT, id, 1))
                        .toList())
                .isEqualTo(first);
    }

    @Test
    void withoutACanaryEveryOrderSeesTheActiveVersion() {
        assertThat(CanaryRollouts.versionFor(null, new OrderId(Ids.timeOrdered()), 7))
                .isEqualTo(7);
    }

    @Test
    void theBucketIsTheLow32BitsOfTheIdModulo100() {
        UUID id = UUID.fromString("00000000-0000-0000-0000-0000ffffffff");
        assertThat(Rollouts.bucket(new OrderId(id))).isEqualTo((int) (0xffffffffL % 100));
        UUID high = UUID.fromString("ffffffff-ffff-ffff-ffff-ffff00000063");
        assertThat(Rollouts.bucket(new OrderId(high))).isEqualTo(99);
    }
}
