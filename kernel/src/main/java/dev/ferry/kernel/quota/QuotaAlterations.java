package dev.ferry.kernel.quota;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.quota.AlterResult;
import dev.ferry.services.quota.ClientQuotaAlteration;
import dev.ferry.services.quota.ClientQuotaEntity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks an AlterClientQuotas request against the stored quotas as Kafka's controller does: a result per entity,
 * and the changes of the valid entities, without the ones that change nothing.
 */
final class QuotaAlterations {

    /** What to answer and what to store. */
    record Outcome(List<AlterResult> results, List<ClientQuotaAlteration> changes) {
    }

    private QuotaAlterations() {
    }

    static Outcome check(List<ClientQuotaAlteration> alterations, Map<ClientQuotaEntity, Map<String, Double>> stored) {
        Map<ClientQuotaEntity, AlterResult> results = new LinkedHashMap<>();
        List<ClientQuotaAlteration> changes = new ArrayList<>();
        for (ClientQuotaAlteration alteration : alterations) {
            ClientQuotaEntity entity = alteration.entity();
            Map<String, Double> ops = new HashMap<>();
            for (ClientQuotaAlteration.Op op : alteration.ops()) {
                if (ops.containsKey(op.key())) {
                    results.put(entity, invalid(entity, "Duplicate quota key " + op.key()
                            + " not updating quota for this entity " + QuotaEntities.describe(entity)));
                } else {
                    ops.put(op.key(), op.value());
                }
            }
            if (results.containsKey(entity)) {
                // As Kafka: a second alteration of an entity, or one with a key twice, ends up with this message.
                results.put(entity, invalid(entity, "Ignoring duplicate entity " + QuotaEntities.describe(entity)));
                continue;
            }
            String error = validate(entity, ops);
            if (error != null) {
                results.put(entity, invalid(entity, error));
                continue;
            }
            List<ClientQuotaAlteration.Op> effective = effectiveOps(alteration.ops(),
                    stored.getOrDefault(entity, Map.of()));
            if (!effective.isEmpty()) {
                changes.add(new ClientQuotaAlteration(entity, effective));
            }
            results.put(entity, new AlterResult(entity, BrokerError.NONE, null));
        }
        return new Outcome(List.copyOf(results.values()), changes);
    }

    private static String validate(ClientQuotaEntity entity, Map<String, Double> ops) {
        String error = QuotaEntities.validate(entity);
        if (error != null) {
            return error;
        }
        for (Map.Entry<String, Double> op : ops.entrySet()) {
            if (op.getValue() == null) {
                continue;
            }
            QuotaKey key = QuotaKey.find(op.getKey(), QuotaEntities.isIp(entity)).orElse(null);
            error = key == null ? "Invalid configuration key " + op.getKey() : key.validate(op.getValue());
            if (error != null) {
                return error;
            }
        }
        return null;
    }

    /** Removals of keys that are set and values that differ from the stored ones. */
    private static List<ClientQuotaAlteration.Op> effectiveOps(List<ClientQuotaAlteration.Op> ops,
                                                               Map<String, Double> current) {
        return ops.stream()
                .filter(op -> op.value() == null ? current.containsKey(op.key())
                        : !Objects.equals(current.get(op.key()), op.value()))
                .toList();
    }

    private static AlterResult invalid(ClientQuotaEntity entity, String message) {
        return new AlterResult(entity, BrokerError.INVALID_REQUEST, message);
    }
}
