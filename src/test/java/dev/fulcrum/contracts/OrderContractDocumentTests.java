package dev.fulcrum.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.contracts.internal.CelValues;
import dev.fulcrum.contracts.internal.CompiledContract;
import dev.fulcrum.contracts.internal.ContractValidation;
import dev.fulcrum.contracts.internal.ShippedContracts;
import dev.fulcrum.order.OrderContract;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped order contract document and the code that accepts orders stay in step: every field {@link OrderContract}
 * accepts is described, with its meaning in both languages; the document passes the registry's own checks; and its
 * rules say what they mean on sample orders.
 */
class OrderContractDocumentTests {

    private static final ContractDocument ORDER = java.util.Objects.requireNonNull(
            ShippedContracts.load(JsonMapper.builder().build()).get("order"));

    @Test
    void describesEveryFieldTheOrderContractAccepts() {
        Set<String> described =
                ORDER.fields().stream().map(ContractDocument.Field::path).collect(Collectors.toSet());
        assertThat(described)
                .as("contracts/order.json must describe every field OrderContract accepts")
                .containsAll(OrderContract.acceptedFields());
        assertThat(ORDER.fields()).allSatisfy(field -> {
            assertThat(field.meaning().en()).isNotBlank();
            assertThat(field.meaning().zh())
                    .isNotBlank()
                    .isNotEqualTo(field.meaning().en());
        });
    }

    @Test
    void passesTheRegistrysChecks() {
        Set<String> known = new java.util.TreeSet<>(OrderContract.acceptedFields());
        known.addAll(List.of("lines[].total", "linesTotal"));
        assertThat(ContractValidation.problems("order", ORDER, known)).isEmpty();
    }

    @Test
    void rulesRefuseAFuturePlacedAtAndFlagASixDigitPostalCodeMissingInChina() {
        CompiledContract contract = new CompiledContract(1, ORDER);
        Instant now = Instant.parse("2026-12-03T12:00:00Z");

        CompiledContract.Verdict good =
                contract.check(order("200001", now.minusSeconds(60), "113.00"), CelValues.timestamp(now));
        assertThat(good.hard()).isEmpty();
        assertThat(good.soft()).isEmpty();

        CompiledContract.Verdict future =
                contract.check(order("200001", now.plusSeconds(3600), "113.00"), CelValues.timestamp(now));
        assertThat(future.hard()).extracting(ContractViolation::rule).containsExactly("placed-at-not-in-future");

        CompiledContract.Verdict flagged = contract.check(order("20001", now, "100.00"), CelValues.timestamp(now));
        assertThat(flagged.hard()).isEmpty();
        assertThat(flagged.soft())
                .extracting(ContractViolation::rule)
                .containsExactlyInAnyOrder("cn-postal-code-six-digits", "captured-payment-matches-lines");
    }

    @Test
    void aMissingRequiredFieldIsRefusedOnlyWhereItsParentIsPresent() {
        ContractDocument.Field billingName = ORDER.fields().stream()
                .filter(field -> field.path().equals("billingAddress.name"))
                .findFirst()
                .orElseThrow();
        assertThat(billingName.required()).isTrue();
        CompiledContract contract = new CompiledContract(1, ORDER);
        Instant now = Instant.parse("2026-12-03T12:00:00Z");
        Map<String, Object> withoutBilling = order("200001", now, "113.00");
        assertThat(contract.check(withoutBilling, CelValues.timestamp(now)).hard())
                .isEmpty();
        Map<String, Object> nameless = new HashMap<>(withoutBilling);
        nameless.put("billingAddress", Map.of("line1", "x", "city", "y", "country", "CN"));
        assertThat(contract.check(nameless, CelValues.timestamp(now)).hard())
                .extracting(ContractViolation::rule)
                .containsExactly("required:billingAddress.name");
    }

    private static Map<String, Object> order(String postalCode, Instant placedAt, String paid) {
        Map<String, Object> order = new HashMap<>();
        order.put("channel", "web");
        order.put("externalId", "W-1");
        order.put("currency", "CNY");
        order.put("placedAt", placedAt);
        order.put("customer", Map.of("name", "王芳", "email", "wang@example.com"));
        order.put(
                "shippingAddress",
                Map.of("name", "王芳", "line1", "人民路 1 号", "city", "上海", "postalCode", postalCode, "country", "CN"));
        order.put(
                "lines",
                List.of(Map.of(
                        "sku",
                        "TEA-001",
                        "quantity",
                        2,
                        "unitPrice",
                        new BigDecimal("59.00"),
                        "discount",
                        new BigDecimal("5.00"),
                        "tax",
                        BigDecimal.ZERO,
                        "total",
                        new BigDecimal("113.00"))));
        order.put("linesTotal", new BigDecimal("113.00"));
        order.put("payment", Map.of("status", "captured", "amount", new BigDecimal(paid)));
        order.put("tags", List.of());
        order.put("attributes", Map.of());
        return order;
    }
}
