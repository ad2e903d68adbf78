package dev.ferry.kernel.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.services.quota.ClientQuotaEntity;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Kafka's precedence, most specific first, and the entity each rate is counted for. */
class QuotaResolverTest {

    private static final String KEY = "producer_byte_rate";

    @Test
    void theMostSpecificQuotaWins() {
        Map<ClientQuotaEntity, Map<String, Double>> quotas = new HashMap<>();
        quotas.put(entity(null, null, false, true), Map.of(KEY, 8.0));
        assertEquals(Optional.of(new QuotaResolver.Resolved(8, "", "app")), resolve(quotas));
        quotas.put(entity(null, "app", false, true), Map.of(KEY, 7.0));
        assertEquals(Optional.of(new QuotaResolver.Resolved(7, "", "app")), resolve(quotas));
        quotas.put(entity(null, null, true, false), Map.of(KEY, 6.0));
        assertEquals(Optional.of(new QuotaResolver.Resolved(6, "ANONYMOUS", "")), resolve(quotas));
        quotas.put(entity(null, null, true, true), Map.of(KEY, 5.0));
        assertEquals(Optional.of(new QuotaResolver.Resolved(5, "ANONYMOUS", "app")), resolve(quotas));
        quotas.put(entity("ANONYMOUS", null, true, false), Map.of(KEY, 3.0));
        assertEquals(Optional.of(new QuotaResolver.Resolved(3, "ANONYMOUS", "")), resolve(quotas));
        quotas.put(entity("ANONYMOUS", "app", true, true), Map.of(KEY, 1.0));
        assertEquals(Optional.of(new QuotaResolver.Resolved(1, "ANONYMOUS", "app")), resolve(quotas));
    }

    @Test
    void otherKeysAndClientsDoNotApply() {
        Map<ClientQuotaEntity, Map<String, Double>> quotas = Map.of(
                ClientQuotaEntity.of(ClientQuotaEntity.CLIENT_ID, "other"), Map.of(KEY, 1.0),
                ClientQuotaEntity.of(ClientQuotaEntity.CLIENT_ID, "app"), Map.of("consumer_byte_rate", 1.0));

        assertEquals(Optional.empty(), resolve(quotas));
    }

    private static Optional<QuotaResolver.Resolved> resolve(Map<ClientQuotaEntity, Map<String, Double>> quotas) {
        return QuotaResolver.resolve(quotas, "ANONYMOUS", "app", KEY);
    }

    private static ClientQuotaEntity entity(String user, String clientId, boolean byUser, boolean byClient) {
        Map<String, String> entries = new HashMap<>();
        if (byUser) {
            entries.put(ClientQuotaEntity.USER, user);
        }
        if (byClient) {
            entries.put(ClientQuotaEntity.CLIENT_ID, clientId);
        }
        return new ClientQuotaEntity(entries);
    }
}
