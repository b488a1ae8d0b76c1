package dev.fulcrum.sourcing.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Sourcing on real seller locations and product weights from the Olist data set. */
class OlistSourcingTests {

    @Test
    void sourcesOrdersFromRealSellerLocationsWithinTheShipmentLimit() {
        Assumptions.assumeTrue(
                OlistNetwork.available(),
                "skipped: the Olist data set is not at " + OlistNetwork.DATA.toAbsolutePath());
        OlistNetwork network = OlistNetwork.load();
        assertThat(network.sellerPoints).hasSizeGreaterThan(1000);
        Random random = new Random(5);
        List<Site> sites = network.sites(100, 40, random);
        SourcingEngine engine = new SourcingEngine();
        for (int i = 0; i < 50; i++) {
            EngineOrder order =
                    network.order("O-" + i, 1 + random.nextInt(5), 40, Instant.parse("2026-11-16T13:00:00Z"), random);
            Plan plan = engine.decide(order, sites, Sites.estimatesOnly(), Sites.strategy("balanced", 2));
            assertThat(plan.shipments().size()).isLessThanOrEqualTo(2);
            plan.shipments()
                    .forEach(shipment -> shipment.lines().forEach(line -> {
                        Site site = sites.stream()
                                .filter(s -> s.id().equals(shipment.locationId()))
                                .findFirst()
                                .orElseThrow();
                        assertThat(site.availableOf(line.sku())).isGreaterThanOrEqualTo(line.quantity());
                    }));
            assertThat(plan.candidates()).hasSize(100);
        }
    }
}
