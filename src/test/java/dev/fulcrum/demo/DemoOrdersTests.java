package dev.fulcrum.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.demo.DemoOrders.DemoOrder;
import dev.fulcrum.demo.DemoOrders.Fate;
import dev.fulcrum.order.NewOrder;
import dev.fulcrum.shared.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The demo orders are the same at every start, believable, and valid under the data contract's rules. */
class DemoOrdersTests {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private final List<DemoOrder> orders = new DemoOrders(DemoOrders.SEED, NOW).generate(DemoData.ORDER_COUNT);

    @Test
    void sameSeedAndTimeGiveTheSameOrders() {
        assertThat(new DemoOrders(DemoOrders.SEED, NOW).generate(DemoData.ORDER_COUNT))
                .isEqualTo(orders);
    }

    @Test
    void ordersArePlacedOverTheLastThirtyDaysOldestFirst() {
        List<Instant> placed =
                orders.stream().map(order -> order.order().placedAt()).toList();
        assertThat(placed).isSorted().allSatisfy(at -> assertThat(at).isBetween(NOW.minus(Duration.ofDays(30)), NOW));
    }

    @Test
    void everyFateOccurs() {
        assertThat(orders.stream().map(DemoOrder::fate).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Fate.values());
    }

    @Test
    void externalIdsAreUniquePerChannel() {
        Set<String> ids = orders.stream()
                .map(order -> order.order().channel() + "/" + order.order().externalId())
                .collect(Collectors.toSet());
        assertThat(ids).hasSize(orders.size());
    }

    @Test
    void customersHaveChineseAndEnglishNamesInChinaAndAbroad() {
        List<NewOrder> placed = orders.stream().map(DemoOrder::order).toList();
        assertThat(placed)
                .anySatisfy(order -> assertThat(order.customer().name()).matches("\\p{IsHan}+"));
        assertThat(placed)
                .anySatisfy(order -> assertThat(order.customer().name()).matches("[A-Za-z]+ [A-Za-z]+"));
        assertThat(placed.stream()
                        .map(order -> order.shippingAddress().region())
                        .filter(region -> region != null
                                && placed.stream()
                                        .anyMatch(o ->
                                                o.shippingAddress().country().equals("CN")
                                                        && region.equals(o.shippingAddress()
                                                                .region())))
                        .distinct()
                        .count())
                .isGreaterThanOrEqualTo(5);
        assertThat(placed.stream()
                        .map(order -> order.shippingAddress().country())
                        .distinct()
                        .count())
                .isGreaterThanOrEqualTo(4);
    }

    @Test
    void frozenFoodShipsOnlyWithinChina() {
        assertThat(orders)
                .map(DemoOrder::order)
                .filteredOn(order ->
                        order.lines().stream().anyMatch(line -> line.sku().startsWith("FRZ-")))
                .isNotEmpty()
                .allSatisfy(
                        order -> assertThat(order.shippingAddress().country()).isEqualTo("CN"));
    }

    @Test
    void eachOrderHasTwoToFiveLinesPricedInItsCurrencysMinorUnit() {
        assertThat(orders).map(DemoOrder::order).allSatisfy(order -> {
            assertThat(order.lines()).hasSizeBetween(2, 5);
            int digits = Currency.getInstance(order.currency()).getDefaultFractionDigits();
            order.lines().forEach(line -> {
                assertThat(line.quantity()).isPositive();
                assertThat(line.unitPrice().amount()).isPositive();
                for (Money amount : List.of(line.unitPrice(), line.discount(), line.tax())) {
                    assertThat(amount.currency().getCurrencyCode()).isEqualTo(order.currency());
                    assertThat(amount.amount().stripTrailingZeros().scale()).isLessThanOrEqualTo(digits);
                }
            });
        });
    }

    @Test
    void someNotesSayWhatTheCustomerWants() {
        assertThat(orders)
                .map(order -> order.order().notes())
                .filteredOn(note -> note != null)
                .anySatisfy(note -> assertThat(note).contains("急用"))
                .anySatisfy(note -> assertThat(note).contains("周末不收"))
                .anySatisfy(note -> assertThat(note).containsIgnoringCase("gift"));
    }
}
