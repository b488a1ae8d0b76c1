package dev.fulcrum.sourcing.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Money;
import dev.fulcrum.shared.Sku;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Costs come out in the order's currency to its own minor unit: no yen fractions, no 2-decimal dinars. */
class SourcingEngineCurrencyTests {

    private static final Instant MONDAY_MORNING = Instant.parse("2026-11-16T01:00:00Z");
    private static final Currency JPY = Currency.getInstance("JPY");
    private static final Currency KWD = Currency.getInstance("KWD");

    private final SourcingEngine engine = new SourcingEngine();

    @Test
    void pricesAYenRateCardInWholeYen() {
        // 20 units of 500 g: 10 kg at ¥250/kg is ¥2500, above the ¥1200 minimum; handling ¥150 + ¥12 per unit.
        Plan plan = engine.decide(
                order(JPY, 20),
                List.of(site(150, 12)),
                card(new BigDecimal("250"), new BigDecimal("1200")),
                Sites.strategy("cost-first", 1));

        Plan.Shipment shipment = plan.shipments().getFirst();
        assertThat(shipment.quote().freight()).isEqualTo(Money.of("2500", "JPY"));
        assertThat(shipment.handlingCost()).isEqualTo(Money.of("390", "JPY"));
        assertThat(shipment.cost().toPlainString()).isEqualTo("2890");
        assertThat(plan.cost().toPlainString()).isEqualTo("2890");
        assertThat(plan.candidates().getFirst().cost()).isEqualTo(Money.of("2890", "JPY"));
    }

    @Test
    void appliesTheMinimumChargeOfAYenRateCardExactly() {
        Plan plan = engine.decide(
                order(JPY, 1),
                List.of(site(0, 0)),
                card(new BigDecimal("250"), new BigDecimal("1200")),
                Sites.strategy("cost-first", 1));

        assertThat(plan.cost().toPlainString()).isEqualTo("1200");
    }

    @Test
    void pricesADinarRateCardToTheFils() {
        // 26 units of 500 g: 13 kg at 0.125 KWD/kg is 1.625 KWD (2 decimals would make it 1.63 or 1.62);
        // handling 0.350 + 0.015 per unit is 0.740 KWD.
        Plan plan = engine.decide(
                order(KWD, 26),
                List.of(site(0.350, 0.015)),
                card(new BigDecimal("0.125"), new BigDecimal("1.250")),
                Sites.strategy("cost-first", 1));

        Plan.Shipment shipment = plan.shipments().getFirst();
        assertThat(shipment.quote().freight().toPlainString()).isEqualTo("1.625");
        assertThat(shipment.handlingCost().toPlainString()).isEqualTo("0.740");
        assertThat(plan.cost().toPlainString()).isEqualTo("2.365");
        assertThat(plan.cost().currency()).isEqualTo(KWD);
        assertThat(plan.alternatives())
                .allSatisfy(alternative ->
                        assertThat(alternative.cost().toPlainString()).isEqualTo("2.365"));
    }

    @Test
    void appliesTheMinimumChargeOfADinarRateCardExactly() {
        Plan plan = engine.decide(
                order(KWD, 1),
                List.of(site(0, 0)),
                card(new BigDecimal("0.125"), new BigDecimal("1.255")),
                Sites.strategy("cost-first", 1));

        assertThat(plan.cost().toPlainString()).isEqualTo("1.255");
    }

    private static EngineOrder order(Currency currency, int units) {
        return new EngineOrder(
                "O-" + currency.getCurrencyCode(),
                List.of(new EngineOrder.Line(1, new Sku("A"), units, 500, List.of(), List.of())),
                new EngineOrder.Destination("CN", "SH", "200001", 31.23, 121.47),
                MONDAY_MORNING,
                null,
                false,
                currency);
    }

    private static Site site(double handlingPerOrder, double handlingPerUnit) {
        return new Site(
                new LocationId("S"),
                "warehouse",
                31.2,
                121.5,
                "CN",
                "SH",
                Sites.SHANGHAI,
                Set.of(),
                false,
                0,
                handlingPerOrder,
                handlingPerUnit,
                4,
                LocalTime.of(16, 0),
                Sites.MON_TO_FRI,
                Set.of(),
                null,
                Map.of(new Sku("A"), 100),
                Map.of());
    }

    private static LaneBook card(BigDecimal ratePerKg, BigDecimal minimumCharge) {
        return new RateCardLanes(
                List.of(new CarrierService("EXP", "Express", "standard", "road", false)),
                List.of(new RateLine("EXP", "*", "CN", null, null, 0, 100, ratePerKg, minimumCharge, 1, 2, null)));
    }
}
