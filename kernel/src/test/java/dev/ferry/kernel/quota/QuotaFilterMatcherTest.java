package dev.ferry.kernel.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.quota.ClientQuotaEntity;
import dev.ferry.services.quota.ClientQuotaFilter;
import dev.ferry.services.quota.ClientQuotaFilter.Component;
import dev.ferry.services.quota.ClientQuotaFilter.MatchType;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuotaFilterMatcherTest {

    private static final ClientQuotaEntity APP = ClientQuotaEntity.of(ClientQuotaEntity.CLIENT_ID, "app");
    private static final ClientQuotaEntity DEFAULT_CLIENT = ClientQuotaEntity.of(ClientQuotaEntity.CLIENT_ID, null);
    private static final ClientQuotaEntity ALICE = ClientQuotaEntity.of(ClientQuotaEntity.USER, "alice");
    private static final ClientQuotaEntity ALICE_APP = new ClientQuotaEntity(Map.of("user", "alice",
            "client-id", "app"));
    private static final ClientQuotaEntity IP = ClientQuotaEntity.of(ClientQuotaEntity.IP, "10.0.0.1");
    private static final Map<ClientQuotaEntity, Map<String, Double>> QUOTAS = quotas();

    @Test
    void exactDefaultAndAnyMatchAsKafka() {
        assertEquals(Set.of(APP, ALICE_APP), matched(false, component("client-id", MatchType.EXACT, "app")));
        assertEquals(Set.of(APP), matched(true, component("client-id", MatchType.EXACT, "app")));
        assertEquals(Set.of(DEFAULT_CLIENT), matched(false, component("client-id", MatchType.DEFAULT, null)));
        assertEquals(Set.of(APP, DEFAULT_CLIENT, ALICE_APP), matched(false,
                component("client-id", MatchType.ANY, null)));
        assertEquals(Set.of(ALICE_APP), matched(true, component("user", MatchType.EXACT, "alice"),
                component("client-id", MatchType.ANY, null)));
        assertEquals(QUOTAS.keySet(), matched(false));
        assertEquals(Set.of(), matched(true));
    }

    @Test
    void badFiltersGetKafkasErrors() {
        assertEquals("Entity type user cannot appear more than once in the filter.", invalid(
                component("user", MatchType.ANY, null), component("user", MatchType.DEFAULT, null)));
        assertEquals("Request specified MATCH_TYPE_EXACT, but set match string to null.",
                invalid(component("user", MatchType.EXACT, null)));
        assertEquals("Request specified MATCH_TYPE_DEFAULT, but also specified a match string.",
                invalid(component("user", MatchType.DEFAULT, "x")));
        assertEquals("Invalid entity filter component combination. IP filter component should not be used with "
                + "user or clientId filter component.", invalid(component("ip", MatchType.ANY, null),
                component("user", MatchType.ANY, null)));
        BrokerException unknown = assertThrows(BrokerException.class, () -> QuotaFilterMatcher.match(
                new ClientQuotaFilter(List.of(component("group", MatchType.ANY, null)), false), QUOTAS));
        assertEquals(BrokerError.UNSUPPORTED_VERSION, unknown.error());
        assertEquals("Unsupported entity type group", unknown.getMessage());
    }

    private static Set<ClientQuotaEntity> matched(boolean strict, Component... components) {
        return QuotaFilterMatcher.match(new ClientQuotaFilter(List.of(components), strict), QUOTAS).keySet();
    }

    private static String invalid(Component... components) {
        BrokerException e = assertThrows(BrokerException.class,
                () -> QuotaFilterMatcher.match(new ClientQuotaFilter(List.of(components), false), QUOTAS));
        assertEquals(BrokerError.INVALID_REQUEST, e.error());
        return e.getMessage();
    }

    private static Component component(String type, MatchType matchType, String match) {
        return new Component(type, matchType, match);
    }

    private static Map<ClientQuotaEntity, Map<String, Double>> quotas() {
        Map<ClientQuotaEntity, Map<String, Double>> quotas = new LinkedHashMap<>();
        for (ClientQuotaEntity entity : List.of(APP, DEFAULT_CLIENT, ALICE, ALICE_APP, IP)) {
            quotas.put(entity, new HashMap<>(Map.of("producer_byte_rate", 1.0)));
        }
        return quotas;
    }
}
