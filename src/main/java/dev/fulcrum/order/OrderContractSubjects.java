package dev.fulcrum.order;

import dev.fulcrum.contracts.ContractSubjects;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The order module's side of the {@code order} data contract: the fields {@link OrderContract} accepts (and the two it
 * derives), and the recent orders as the rules read them, for dry runs and the contract's quality figure.
 */
@Component
class OrderContractSubjects implements ContractSubjects {

    private final Orders orders;

    OrderContractSubjects(Orders orders) {
        this.orders = orders;
    }

    @Override
    public String contract() {
        return OrderContractView.CONTRACT;
    }

    @Override
    public Set<String> knownFields() {
        Set<String> known = new java.util.TreeSet<>(OrderContract.acceptedFields());
        known.add("lines[].total");
        known.add("linesTotal");
        return known;
    }

    @Override
    public long countSince(Instant since) {
        return orders.countCreatedSince(since);
    }

    @Override
    public List<Subject> recent(Instant since, int limit) {
        return orders.findAll(orders.recentIds(since, limit)).stream()
                .sorted(Comparator.comparing(Order::createdAt).reversed())
                .map(order -> new Subject(
                        order.id().value(), order.channel() + "/" + order.externalId(), OrderContractView.of(order)))
                .toList();
    }
}
