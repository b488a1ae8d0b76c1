package dev.fulcrum.contracts.internal;

import dev.fulcrum.contracts.ContractDocument;
import dev.fulcrum.contracts.ContractSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The contracts Fulcrum ships, as version 1: the documents under {@code classpath:contracts/} (read once) and those
 * other modules supply through {@link ContractSource} (asked each time, as they may differ per tenant).
 */
@Component
public class ShippedContracts {

    private final Map<String, ContractDocument> resources;
    private final ObjectProvider<ContractSource> sources;

    ShippedContracts(JsonMapper json, ObjectProvider<ContractSource> sources) {
        this.resources = load(json);
        this.sources = sources;
    }

    /** The shipped documents under {@code classpath:contracts/}, by name. */
    public static Map<String, ContractDocument> load(JsonMapper json) {
        Map<String, ContractDocument> documents = new LinkedHashMap<>();
        try {
            Resource[] found = new PathMatchingResourcePatternResolver().getResources("classpath*:contracts/*.json");
            java.util.Arrays.sort(found, Comparator.comparing(resource -> String.valueOf(resource.getFilename())));
            for (Resource resource : found) {
                try (InputStream in = resource.getInputStream()) {
                    ContractDocument document = json.readValue(in, ContractDocument.class);
                    documents.put(document.name(), document);
                }
            }
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read the shipped contracts", unreadable);
        }
        return Map.copyOf(documents);
    }

    /** The shipped version of a contract, if there is one. */
    public Optional<ContractDocument> find(String name) {
        ContractDocument resource = resources.get(name);
        if (resource != null) {
            return Optional.of(resource);
        }
        return fromSources().stream()
                .filter(document -> document.name().equals(name))
                .findFirst();
    }

    /** Every shipped contract, by name. */
    public List<ContractDocument> all() {
        Map<String, ContractDocument> all = new java.util.TreeMap<>(resources);
        fromSources().forEach(document -> all.putIfAbsent(document.name(), document));
        return List.copyOf(all.values());
    }

    private List<ContractDocument> fromSources() {
        List<ContractDocument> documents = new ArrayList<>();
        sources.orderedStream().forEach(source -> documents.addAll(source.contracts()));
        return documents;
    }
}
