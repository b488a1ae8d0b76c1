package dev.fulcrum.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.contracts.internal.ContractsDocument;
import dev.fulcrum.contracts.internal.ShippedContracts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** {@code docs/contracts.md} is generated from the shipped contracts; outside CI this test rewrites it. */
class ContractsDocumentTests {

    @Test
    void contractsPageIsRegeneratedFromTheShippedContracts() throws IOException {
        Path document = Path.of("docs/contracts.md");
        String rendered = ContractsDocument.render(List.copyOf(new java.util.TreeMap<>(
                        ShippedContracts.load(JsonMapper.builder().build()))
                .values()));
        String existing = Files.exists(document) ? Files.readString(document) : "";
        if (!existing.equals(rendered)) {
            Files.writeString(document, rendered);
        }
        assertThat(rendered).contains("## `order`", "`shippingAddress.postalCode`", "邮政编码", "placed-at-not-in-future");
        if (System.getenv("CI") != null) {
            assertThat(existing)
                    .as("docs/contracts.md was out of date; it has been regenerated, commit it")
                    .isEqualTo(rendered);
        }
    }
}
