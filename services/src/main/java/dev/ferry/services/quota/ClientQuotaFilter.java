package dev.ferry.services.quota;

import java.util.List;

/**
 * Which entities a DescribeClientQuotas request asks for, as Kafka's {@code ClientQuotaFilter}.
 *
 * @param strict when true, only entities with no entity types besides the components' match
 */
public record ClientQuotaFilter(List<Component> components, boolean strict) {

    public ClientQuotaFilter {
        components = List.copyOf(components);
    }

    /** Kafka's match types, by their wire codes 0, 1 and 2. */
    public enum MatchType {
        /** The entity type with the given name. */
        EXACT,
        /** The entity type's default. */
        DEFAULT,
        /** The entity type with any name, the default included. */
        ANY
    }

    /**
     * One entity type's condition.
     *
     * @param match the name to match for {@link MatchType#EXACT}; must be null for the other match types
     */
    public record Component(String entityType, MatchType matchType, String match) {
    }
}
