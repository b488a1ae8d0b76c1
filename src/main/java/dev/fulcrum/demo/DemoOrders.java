package dev.fulcrum.demo;

import dev.fulcrum.demo.DemoCatalogue.City;
import dev.fulcrum.demo.DemoCatalogue.Item;
import dev.fulcrum.order.Address;
import dev.fulcrum.order.Customer;
import dev.fulcrum.order.NewOrder;
import dev.fulcrum.order.NewOrderLine;
import dev.fulcrum.order.Payment;
import dev.fulcrum.shared.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Generates the demo orders: who buys what, through which channel, when, and how far each order has come since.
 * Deterministic for a seed and a point in time, so every first start shows the same shop.
 */
final class DemoOrders {

    static final long SEED = 20261111L;
    static final Duration PERIOD = Duration.ofDays(30);

    /** How far an order has come; {@link DemoData} replays it through the order API. */
    enum Fate {
        PENDING_PAYMENT,
        PAID,
        MANUAL_HOLD,
        ADDRESS_HOLD,
        PARTIALLY_SHIPPED,
        SHIPPED,
        PARTIALLY_DELIVERED,
        COMPLETED,
        CANCELLED_UNPAID,
        CANCELLED_PAID
    }

    /** An order as its channel sends it, whether it arrives paid, and what happens to it afterwards. */
    record DemoOrder(NewOrder order, Fate fate, @Nullable String paymentMethod, String carrier) {}

    private record Buyer(Customer customer, Address address, City city) {
        boolean inChina() {
            return city.country().equals("CN");
        }
    }

    private final Random random;
    private final Instant now;
    private final List<Buyer> buyers;
    private final java.util.Set<String> usedIds = new java.util.HashSet<>();

    DemoOrders(long seed, Instant now) {
        this.random = new Random(seed);
        this.now = now;
        this.buyers = buyers();
    }

    /** {@code count} orders placed over the last 30 days, oldest first. */
    List<DemoOrder> generate(int count) {
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            times.add(now.minusSeconds(1 + (long) (random.nextDouble() * (PERIOD.toSeconds() - 60))));
        }
        times.sort(Comparator.naturalOrder());
        List<DemoOrder> orders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            orders.add(order(i, times.get(i)));
        }
        return orders;
    }

    private DemoOrder order(int index, Instant placedAt) {
        Buyer buyer = pickBuyer();
        String channel = channelFor(buyer);
        String currency = buyer.city().currency();
        List<NewOrderLine> lines = lines(buyer, currency);
        Money total = lines.stream()
                .map(line -> line.unitPrice()
                        .times(line.quantity())
                        .minus(line.discount())
                        .plus(line.tax()))
                .reduce(Money.zero(Currency.getInstance(currency)), Money::plus);
        Fate fate = fate(Duration.between(placedAt, now), channel);
        String method = paymentMethod(channel, buyer);
        boolean arrivesPaid = fate != Fate.PENDING_PAYMENT
                && fate != Fate.CANCELLED_UNPAID
                && ((!channel.equals("web") && !channel.equals("shopify")) || random.nextInt(3) > 0);
        Payment payment = arrivesPaid
                ? new Payment("captured", method, total)
                : fate == Fate.PENDING_PAYMENT || fate == Fate.CANCELLED_UNPAID
                        ? null
                        : new Payment("pending", method, total);
        String notes = random.nextInt(5) == 0
                ? pick(buyer.inChina() ? DemoCatalogue.NOTES_CHINA : DemoCatalogue.NOTES_ABROAD)
                : null;
        List<String> tags = new ArrayList<>();
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (random.nextInt(8) == 0) {
            tags.add("vip");
        }
        if (notes != null && (notes.contains("gift") || notes.contains("送") || notes.contains("礼"))) {
            tags.add("gift");
        }
        if (random.nextInt(6) == 0) {
            tags.add("spring-sale");
            attributes.put("campaign", "spring-sale");
        }
        if (lines.stream().anyMatch(line -> line.quantity() >= 5)) {
            tags.add("wholesale");
        }
        if (channel.equals("store")) {
            attributes.put("storeId", buyer.city().region() + "-01");
        } else if (channel.equals("web") && buyer.inChina()) {
            attributes.put("source", random.nextBoolean() ? "wechat-mini-program" : "website");
        }
        NewOrder order = new NewOrder(
                channel,
                externalId(channel, index, placedAt),
                currency,
                placedAt,
                buyer.customer(),
                buyer.address(),
                null,
                lines,
                payment,
                notes,
                tags,
                attributes);
        return new DemoOrder(order, fate, method, carrier(buyer));
    }

    /** Young orders are still waiting or on their way; older ones have mostly arrived (or were cancelled). */
    private Fate fate(Duration age, String channel) {
        int roll = random.nextInt(100);
        if (channel.equals("store")) {
            return roll < 92 ? Fate.COMPLETED : Fate.CANCELLED_PAID;
        }
        if (age.toDays() < 3) {
            return roll < 25
                    ? Fate.PENDING_PAYMENT
                    : roll < 58
                            ? Fate.PAID
                            : roll < 66
                                    ? Fate.MANUAL_HOLD
                                    : roll < 72
                                            ? Fate.ADDRESS_HOLD
                                            : roll < 84
                                                    ? Fate.PARTIALLY_SHIPPED
                                                    : roll < 92 ? Fate.SHIPPED : Fate.CANCELLED_UNPAID;
        }
        if (age.toDays() < 10) {
            return roll < 3
                    ? Fate.PENDING_PAYMENT
                    : roll < 12
                            ? Fate.PAID
                            : roll < 17
                                    ? Fate.MANUAL_HOLD
                                    : roll < 20
                                            ? Fate.ADDRESS_HOLD
                                            : roll < 32
                                                    ? Fate.PARTIALLY_SHIPPED
                                                    : roll < 65
                                                            ? Fate.SHIPPED
                                                            : roll < 75
                                                                    ? Fate.PARTIALLY_DELIVERED
                                                                    : roll < 94 ? Fate.COMPLETED : Fate.CANCELLED_PAID;
        }
        return roll < 2
                ? Fate.MANUAL_HOLD
                : roll < 4
                        ? Fate.ADDRESS_HOLD
                        : roll < 9
                                ? Fate.SHIPPED
                                : roll < 89 ? Fate.COMPLETED : roll < 95 ? Fate.CANCELLED_UNPAID : Fate.CANCELLED_PAID;
    }

    private List<NewOrderLine> lines(Buyer buyer, String currency) {
        List<Item> choices = buyer.inChina()
                ? DemoCatalogue.ITEMS
                : DemoCatalogue.ITEMS.stream().filter(item -> !item.frozen()).toList();
        int count = 2 + random.nextInt(4);
        List<Item> picked = new ArrayList<>();
        while (picked.size() < count) {
            Item item = choices.get(random.nextInt(choices.size()));
            if (!picked.contains(item)) {
                picked.add(item);
            }
        }
        boolean discounted = random.nextInt(4) == 0;
        List<NewOrderLine> lines = new ArrayList<>();
        for (Item item : picked) {
            int quantity = random.nextInt(10) == 0 ? 5 + random.nextInt(6) : 1 + random.nextInt(3);
            BigDecimal price = price(item, currency);
            BigDecimal gross = price.multiply(BigDecimal.valueOf(quantity));
            BigDecimal discount = discounted
                    ? gross.multiply(new BigDecimal("0.10")).setScale(2, RoundingMode.HALF_UP)
                    : BigDecimal.ZERO.setScale(2);
            // US prices are quoted before sales tax; elsewhere tax is included in the price.
            BigDecimal tax = currency.equals("USD")
                    ? gross.subtract(discount).multiply(new BigDecimal("0.08")).setScale(2, RoundingMode.HALF_UP)
                    : BigDecimal.ZERO.setScale(2);
            Currency in = Currency.getInstance(currency);
            lines.add(new NewOrderLine(
                    item.sku(),
                    quantity,
                    Money.rounded(price, in),
                    Money.rounded(discount, in),
                    Money.rounded(tax, in)));
        }
        return lines;
    }

    /** CNY prices as listed; abroad converted and rounded to a shop price such as 27.99. */
    private static BigDecimal price(Item item, String currency) {
        if (currency.equals("CNY")) {
            return item.priceCny();
        }
        BigDecimal converted = item.priceCny().divide(DemoCatalogue.cnyPer(currency), 0, RoundingMode.CEILING);
        return converted.subtract(new BigDecimal("0.01")).max(new BigDecimal("0.99"));
    }

    private String channelFor(Buyer buyer) {
        int roll = random.nextInt(100);
        if (buyer.inChina()) {
            return roll < 35 ? "tmall" : roll < 70 ? "web" : roll < 85 ? "store" : "shopify";
        }
        return roll < 45 ? "amazon" : roll < 80 ? "shopify" : "web";
    }

    private String paymentMethod(String channel, Buyer buyer) {
        return switch (channel) {
            case "tmall" -> "alipay";
            case "amazon" -> "amazon_pay";
            case "store" -> pick(List.of("wechat_pay", "alipay", "card", "cash"));
            default ->
                buyer.inChina() ? pick(List.of("wechat_pay", "alipay", "unionpay")) : pick(List.of("card", "paypal"));
        };
    }

    private String carrier(Buyer buyer) {
        return buyer.inChina() ? pick(List.of("SF", "JD", "YTO", "ZTO")) : pick(List.of("DHL", "UPS", "FedEx"));
    }

    private String externalId(String channel, int index, Instant placedAt) {
        String id = candidateId(channel, index, placedAt);
        while (!usedIds.add(channel + "/" + id)) {
            id = candidateId(channel, index, placedAt.plusSeconds(1));
        }
        return id;
    }

    private String candidateId(String channel, int index, Instant placedAt) {
        return switch (channel) {
            case "tmall" -> "TM" + (4_200_000_000_000_000L + placedAt.getEpochSecond() * 10 + random.nextInt(10));
            case "amazon" ->
                String.format(Locale.ROOT, "113-%07d-%07d", random.nextInt(10_000_000), random.nextInt(10_000_000));
            case "shopify" -> "#" + (1001 + index);
            case "store" -> "POS-" + (20_000 + index);
            default -> "W-" + (10_001 + index);
        };
    }

    private Buyer pickBuyer() {
        // A few loyal customers order again and again, as in any shop.
        int index = random.nextInt(3) == 0 ? random.nextInt(12) : random.nextInt(buyers.size());
        return buyers.get(index);
    }

    private List<Buyer> buyers() {
        List<Buyer> result = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            boolean chineseName = i < 66 || i % 9 == 0;
            boolean inChina = i < 62 || i == 70;
            City city = inChina ? pick(DemoCatalogue.CHINA) : pick(DemoCatalogue.ABROAD);
            String id = "C-" + (1001 + i);
            String name;
            String email;
            if (chineseName) {
                String[] surname = pick(DemoCatalogue.SURNAMES).split(":", -1);
                String[] given = pick(DemoCatalogue.GIVEN_NAMES).split(":", -1);
                name = surname[0] + given[0];
                email = given[1] + "." + surname[1] + (i + 1) + (inChina ? "@example.cn" : "@example.com");
            } else {
                String first = pick(DemoCatalogue.FIRST_NAMES);
                String last = pick(DemoCatalogue.LAST_NAMES);
                name = first + " " + last;
                email = (first + "." + last).toLowerCase(Locale.ROOT) + (i + 1) + "@example.com";
            }
            String phone = city.country().equals("CN")
                    ? String.format(
                            Locale.ROOT,
                            "+86 13%d %04d %04d",
                            random.nextInt(10),
                            random.nextInt(10_000),
                            random.nextInt(10_000))
                    : null;
            String street = pick(city.streets());
            String line1 = city.country().equals("CN")
                    ? street + " " + (1 + random.nextInt(300)) + " 号"
                    : (1 + random.nextInt(300)) + " " + street;
            String line2 = random.nextInt(3) == 0
                    ? null
                    : city.country().equals("CN")
                            ? (1 + random.nextInt(20)) + " 栋 " + (101 + random.nextInt(30) * 100 + random.nextInt(4))
                                    + " 室"
                            : "Apt " + (1 + random.nextInt(40));
            double latitude = Math.round((city.latitude() + (random.nextDouble() - 0.5) * 0.1) * 10_000) / 10_000.0;
            double longitude = Math.round((city.longitude() + (random.nextDouble() - 0.5) * 0.1) * 10_000) / 10_000.0;
            Customer customer = new Customer(id, name, email, phone);
            Address address = new Address(
                    name,
                    phone,
                    line1,
                    line2,
                    city.name(),
                    city.region(),
                    city.postalCode(),
                    city.country(),
                    latitude,
                    longitude);
            result.add(new Buyer(customer, address, city));
        }
        return result;
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
