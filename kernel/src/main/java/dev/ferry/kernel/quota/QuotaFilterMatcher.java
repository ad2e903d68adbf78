package dev.ferry.kernel.quota;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.quota.ClientQuotaEntity;
import dev.ferry.services.quota.ClientQuotaFilter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Kafka's DescribeClientQuotas matching: an entity matches when it has every component's entity type with the
 * name asked for (exact), no name (default) or any name; with {@code strict} it must have no other types. No
 * components and not strict: every entity.
 */
final class QuotaFilterMatcher {

    private QuotaFilterMatcher() {
    }

    /**
     * @throws BrokerException with Kafka's error and message for a bad filter
     */
    static Map<ClientQuotaEntity, Map<String, Double>> match(ClientQuotaFilter filter,
                                                            Map<ClientQuotaEntity, Map<String, Double>> quotas) {
        Map<String, String> exact = new HashMap<>();
        Set<String> any = new HashSet<>();
        for (ClientQuotaFilter.Component component : filter.components()) {
            String type = component.entityType();
            if (type.isEmpty()) {
                throw invalid("Invalid empty entity type.");
            }
            if (exact.containsKey(type) || any.contains(type)) {
                throw invalid("Entity type " + type + " cannot appear more than once in the filter.");
            }
            if (!type.equals(ClientQuotaEntity.USER) && !type.equals(ClientQuotaEntity.CLIENT_ID)
                    && !type.equals(ClientQuotaEntity.IP)) {
                throw new BrokerException(BrokerError.UNSUPPORTED_VERSION, "Unsupported entity type " + type);
            }
            switch (component.matchType()) {
                case EXACT -> {
                    if (component.match() == null) {
                        throw invalid("Request specified MATCH_TYPE_EXACT, but set match string to null.");
                    }
                    exact.put(type, component.match());
                }
                case DEFAULT -> {
                    if (component.match() != null) {
                        throw invalid("Request specified MATCH_TYPE_DEFAULT, but also specified a match string.");
                    }
                    exact.put(type, null);
                }
                default -> {
                    if (component.match() != null) {
                        throw invalid("Request specified MATCH_TYPE_SPECIFIED, but also specified a match string.");
                    }
                    any.add(type);
                }
            }
        }
        boolean ip = exact.containsKey(ClientQuotaEntity.IP) || any.contains(ClientQuotaEntity.IP);
        if (ip && exact.size() + any.size() > 1) {
            throw invalid("Invalid entity filter component combination. IP filter component should not be used "
                    + "with user or clientId filter component.");
        }
        Map<ClientQuotaEntity, Map<String, Double>> matched = new LinkedHashMap<>();
        if (exact.isEmpty() && any.isEmpty() && filter.strict()) {
            return matched;
        }
        quotas.forEach((entity, values) -> {
            if (matches(entity.entries(), exact, any, filter.strict())) {
                matched.put(entity, values);
            }
        });
        return matched;
    }

    private static boolean matches(Map<String, String> entries, Map<String, String> exact, Set<String> any,
                                   boolean strict) {
        for (Map.Entry<String, String> wanted : exact.entrySet()) {
            if (!entries.containsKey(wanted.getKey())
                    || !Objects.equals(entries.get(wanted.getKey()), wanted.getValue())) {
                return false;
            }
        }
        if (!entries.keySet().containsAll(any)) {
            return false;
        }
        return !strict || entries.size() == exact.size() + any.size();
    }

    private static BrokerException invalid(String message) {
        return new BrokerException(BrokerError.INVALID_REQUEST, message);
    }
}
