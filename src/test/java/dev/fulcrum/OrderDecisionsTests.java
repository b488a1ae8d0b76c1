package dev.fulcrum;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.fulcrum.order.OrderStatus;
import org.junit.jupiter.api.Test;

/**
 * Only the order module decides whether an order may be cancelled or amended (issue 10): other modules ask
 * {@code OrderManagement.allows(order, action)}. Those decisions were made by comparing the status with pending
 * payment, paid or cancelled, so no class outside {@code dev.fulcrum.order} may name those statuses.
 */
class OrderDecisionsTests {

    private static final JavaClasses FULCRUM = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.fulcrum");

    @Test
    void noModuleOutsideOrderDecidesFromTheStatusWhatAnOrderMayDo() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.fulcrum.order..")
                .should()
                .accessField(OrderStatus.class, "PENDING_PAYMENT")
                .orShould()
                .accessField(OrderStatus.class, "PAID")
                .orShould()
                .accessField(OrderStatus.class, "CANCELLED")
                .because("whether an order may be cancelled or amended is the order's decision: "
                        + "ask OrderManagement.allows(order, action)")
                .check(FULCRUM);
    }
}
