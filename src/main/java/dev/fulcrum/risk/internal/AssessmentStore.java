package dev.fulcrum.risk.internal;

import dev.fulcrum.risk.RelatedOrder;
import dev.fulcrum.risk.RiskAssessment;
import dev.fulcrum.risk.RiskPolicy;
import dev.fulcrum.risk.model.TrainingExamples;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code risk_assessments} and {@code risk_outcomes} tables: one assessment per order, written for a whole batch
 * with one statement; the outcomes recorded later are what a learned score trains on ({@link TrainingExamples}).
 */
@Repository
public class AssessmentStore implements TrainingExamples {

    private static final TypeReference<LinkedHashMap<String, Double>> FEATURES = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final RiskPolicyStore policies;
    private final TransactionTemplate ownReadTransaction;

    AssessmentStore(JdbcClient jdbc, JsonMapper json, TransactionTemplate transactions, RiskPolicyStore policies) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.json = json;
        PlatformTransactionManager manager = java.util.Objects.requireNonNull(transactions.getTransactionManager());
        this.ownReadTransaction = new TransactionTemplate(manager);
        this.ownReadTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.ownReadTransaction.setReadOnly(true);
    }

    /**
     * The CTE that stores a batch's assessments, run by {@link FeatureStore#record} in the statement that counts the
     * batch in; its named parameters are {@code tenant} and those of {@link #insertParameters}, which all begin
     * with {@code assessment} so that they never meet a name of the statement around it.
     */
    static final String INSERT_CTE = """
            assessments as (
                insert into risk_assessments (tenant_id, order_id, assessed_at, score, decision, model_version,
                    policy_version, features, explanation, rules_fired, customer, device, ip, address)
                select :tenant, a.order_id, a.assessed_at, a.score, a.decision, a.model_version, a.policy_version,
                       a.features::jsonb, a.explanation::jsonb, a.rules_fired::text[], a.customer, a.device, a.ip,
                       a.address
                from unnest(:assessmentOrders::uuid[], :assessmentAt::timestamptz[], :assessmentScores::int[], :assessmentDecisions::text[],
                            :assessmentModels::text[], :assessmentPolicies::int[], :assessmentFeatures::text[], :assessmentExplanations::text[],
                            :assessmentRulesFired::text[], :assessmentCustomers::text[], :assessmentDevices::text[], :assessmentIps::text[],
                            :assessmentAddresses::text[])
                    as a(order_id, assessed_at, score, decision, model_version, policy_version, features,
                         explanation, rules_fired, customer, device, ip, address)
                on conflict (tenant_id, order_id) do nothing
                returning 1)""";

    /**
     * The batch's assessments as the columns {@link #INSERT_CTE} reads. An accepted order that the policy's rules
     * alone scored keeps only the names of the rules that fired: its explanation is rebuilt on read ({@link
     * Scoring#explainRules}), so intake writes one small row instead of a document per order (ADR 0150).
     */
    Map<String, Object> insertParameters(List<RiskAssessment> assessments, List<Signals> signals, RiskPolicy policy) {
        int size = assessments.size();
        UUID[] orders = new UUID[size];
        Timestamp[] at = new Timestamp[size];
        Integer[] scores = new Integer[size];
        String[] decisions = new String[size];
        String[] models = new String[size];
        Integer[] policies = new Integer[size];
        String[] features = new String[size];
        @Nullable String[] explanations = new String[size];
        @Nullable String[] rulesFired = new String[size];
        @Nullable String[] customers = new String[size];
        @Nullable String[] devices = new String[size];
        @Nullable String[] ips = new String[size];
        String[] addresses = new String[size];
        for (int i = 0; i < size; i++) {
            RiskAssessment assessment = assessments.get(i);
            orders[i] = java.util.Objects.requireNonNull(assessment.orderId(), "a stored assessment has an order")
                    .value();
            at[i] = Timestamp.from(assessment.assessedAt());
            scores[i] = assessment.score();
            decisions[i] = assessment.decision();
            models[i] = assessment.modelVersion();
            policies[i] = assessment.policyVersion();
            features[i] = json.writeValueAsString(assessment.features());
            List<String> fired = assessment.explanation().rulesFired();
            if (assessment.decision().equals("accept") && Scoring.byRulesAlone(assessment.explanation(), policy)) {
                rulesFired[i] = textArray(fired);
            } else {
                explanations[i] = json.writeValueAsString(assessment.explanation());
            }
            customers[i] = signals.get(i).customer();
            devices[i] = signals.get(i).device();
            ips[i] = signals.get(i).ip();
            addresses[i] = signals.get(i).address();
        }
        Map<String, Object> named = new LinkedHashMap<>();
        named.put("assessmentOrders", orders);
        named.put("assessmentAt", at);
        named.put("assessmentScores", scores);
        named.put("assessmentDecisions", decisions);
        named.put("assessmentModels", models);
        named.put("assessmentPolicies", policies);
        named.put("assessmentFeatures", features);
        named.put("assessmentExplanations", explanations);
        named.put("assessmentRulesFired", rulesFired);
        named.put("assessmentCustomers", customers);
        named.put("assessmentDevices", devices);
        named.put("assessmentIps", ips);
        named.put("assessmentAddresses", addresses);
        return named;
    }

    /** A PostgreSQL array literal of names: rule names are quoted, so any character in them survives. */
    static String textArray(List<String> names) {
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append('"')
                    .append(names.get(i).replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return literal.append('}').toString();
    }

    public Optional<RiskAssessment> find(OrderId order) {
        return jdbc.sql("select * from risk_assessments where tenant_id = ? and order_id = ?")
                .params(tenant(), order.value())
                .query(this::assessment)
                .optional();
    }

    /** The assessments made since {@code since}, newest first, at most {@code limit}: what a dry run replays. */
    public List<RiskAssessment> since(Instant since, int limit) {
        return jdbc.sql("""
                select * from risk_assessments where tenant_id = ? and assessed_at >= ?
                order by assessed_at desc limit ?""")
                .params(tenant(), Timestamp.from(since), limit)
                .query(this::assessment)
                .list();
    }

    /**
     * The other orders that share the order's customer, device, IP address or shipping address, newest first, at most
     * {@code limit} for each.
     */
    @SuppressWarnings("NullAway") // order_id, assessed_at, decision are NOT NULL
    public List<RelatedOrder> related(OrderId order, int limit) {
        return jdbc.sql("""
                with me as (select * from risk_assessments where tenant_id = ? and order_id = ?)
                select * from (
                    select 'customer' shares, r.order_id, r.assessed_at, r.score, r.decision
                    from me join lateral (select * from risk_assessments r where r.tenant_id = me.tenant_id
                        and r.customer is not null and r.customer = me.customer and r.order_id <> me.order_id
                        order by r.assessed_at desc limit ?) r on true
                    union all
                    select 'device', r.order_id, r.assessed_at, r.score, r.decision
                    from me join lateral (select * from risk_assessments r where r.tenant_id = me.tenant_id
                        and r.device is not null and r.device = me.device and r.order_id <> me.order_id
                        order by r.assessed_at desc limit ?) r on true
                    union all
                    select 'ip', r.order_id, r.assessed_at, r.score, r.decision
                    from me join lateral (select * from risk_assessments r where r.tenant_id = me.tenant_id
                        and r.ip is not null and r.ip = me.ip and r.order_id <> me.order_id
                        order by r.assessed_at desc limit ?) r on true
                    union all
                    select 'address', r.order_id, r.assessed_at, r.score, r.decision
                    from me join lateral (select * from risk_assessments r where r.tenant_id = me.tenant_id
                        and r.address = me.address and r.order_id <> me.order_id
                        order by r.assessed_at desc limit ?) r on true) related
                order by shares, assessed_at desc""")
                .params(tenant(), order.value(), limit, limit, limit, limit)
                .query((rs, row) -> new RelatedOrder(
                        new OrderId(rs.getObject("order_id", UUID.class)),
                        rs.getString("shares"),
                        rs.getTimestamp("assessed_at").toInstant(),
                        rs.getInt("score"),
                        rs.getString("decision")))
                .list();
    }

    public void recordOutcome(OrderId order, String outcome, Instant at, String by) {
        jdbc.sql("""
                insert into risk_outcomes (tenant_id, order_id, outcome, recorded_at, recorded_by)
                values (?, ?, ?, ?, ?)
                on conflict (tenant_id, order_id) do update set outcome = excluded.outcome,
                    recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by""")
                .params(tenant(), order.value(), outcome, Timestamp.from(at), by)
                .update();
    }

    /**
     * Assessed orders with an outcome, oldest first; {@code fraud} for fraud and chargebacks. Callable from anywhere (a
     * training job has no request): unless it runs in a transaction of that tenant already, it reads in a read-only
     * transaction of its own under the tenant, as row-level security needs.
     */
    @Override
    public List<Example> labelled(TenantId tenant, int limit) {
        boolean inTenantTransaction = TransactionSynchronizationManager.isActualTransactionActive()
                && RequestContext.current()
                        .map(context -> context.tenantId().equals(tenant))
                        .orElse(false);
        if (inTenantTransaction) {
            return labelledIn(tenant, limit);
        }
        return RequestContext.runAs(
                tenant,
                "system:risk-training",
                () -> java.util.Objects.requireNonNull(
                        ownReadTransaction.execute(status -> labelledIn(tenant, limit))));
    }

    private List<Example> labelledIn(TenantId tenant, int limit) {
        return jdbc.sql("""
                select a.order_id, a.assessed_at, a.features, o.outcome
                from risk_assessments a join risk_outcomes o on o.tenant_id = a.tenant_id and o.order_id = a.order_id
                where a.tenant_id = ? order by a.assessed_at, a.order_id limit ?""")
                .params(tenant.value(), limit)
                .query((rs, row) -> new Example(
                        new OrderId(rs.getObject("order_id", UUID.class)),
                        rs.getTimestamp("assessed_at").toInstant(),
                        features(rs.getString("features")),
                        !rs.getString("outcome").equals("legitimate")))
                .list();
    }

    private Map<String, Double> features(String text) {
        return json.readValue(text, FEATURES);
    }

    private RiskAssessment assessment(ResultSet rs, int row) throws SQLException {
        Map<String, Double> features = features(rs.getString("features"));
        int policyVersion = rs.getInt("policy_version");
        @Nullable String explanation = rs.getString("explanation");
        RiskAssessment.Explanation explained;
        if (explanation != null) {
            explained = json.readValue(explanation, RiskAssessment.Explanation.class);
        } else {
            java.sql.Array fired = rs.getArray("rules_fired");
            RiskPolicy policy = policies.decidedBy(policyVersion)
                    .orElseThrow(() -> new IllegalStateException(
                            "risk policy version " + policyVersion + " explains stored assessments but is missing"));
            explained = Scoring.explainRules(policy, features, List.of((String[]) fired.getArray()));
        }
        return new RiskAssessment(
                new OrderId(rs.getObject("order_id", UUID.class)),
                rs.getTimestamp("assessed_at").toInstant(),
                rs.getInt("score"),
                rs.getString("decision"),
                rs.getString("model_version"),
                policyVersion,
                features,
                explained);
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}
