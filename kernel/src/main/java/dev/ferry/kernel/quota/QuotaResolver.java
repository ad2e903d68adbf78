package dev.ferry.kernel.quota;

import dev.ferry.services.quota.ClientQuotaEntity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the quota that applies to a client, by Kafka's precedence: the first of {@code /config/users/<user>/clients/
 * <client-id>}, {@code users/<user>/clients/<default>}, {@code users/<user>}, {@code users/<default>/clients/
 * <client-id>}, {@code users/<default>/clients/<default>}, {@code users/<default>}, {@code clients/<client-id>},
 * {@code clients/<default>} that sets the key. The client's rate is measured per quota entity as Kafka tags it: a
 * default entity stands for each user or client id on its own, so clients under a default do not share a rate.
 */
final class QuotaResolver {

    /**
     * The quota that applies and whose rate it limits.
     *
     * @param user the user the rate is counted for, "" when the quota is not per user
     * @param clientId the client id the rate is counted for, "" when the quota is not per client id
     */
    record Resolved(double quota, String user, String clientId) {

        /** The tags of the entity's metrics, as Kafka tags them. */
        Map<String, String> tags() {
            return Map.of("user", user, "client-id", clientId);
        }
    }

    /** One precedence level: which user and client id to look up (null: the default, absent: not part of it). */
    private record Level(boolean byUser, boolean defaultUser, boolean byClient, boolean defaultClient) {
    }

    private static final List<Level> PRECEDENCE = List.of(
            new Level(true, false, true, false),
            new Level(true, false, true, true),
            new Level(true, false, false, false),
            new Level(true, true, true, false),
            new Level(true, true, true, true),
            new Level(true, true, false, false),
            new Level(false, false, true, false),
            new Level(false, false, true, true));

    private QuotaResolver() {
    }

    static Optional<Resolved> resolve(Map<ClientQuotaEntity, Map<String, Double>> quotas, String user,
                                      String clientId, String key) {
        if (quotas.isEmpty()) {
            return Optional.empty();
        }
        for (Level level : PRECEDENCE) {
            Map<String, String> entries = new HashMap<>();
            if (level.byUser()) {
                entries.put(ClientQuotaEntity.USER, level.defaultUser() ? null : user);
            }
            if (level.byClient()) {
                entries.put(ClientQuotaEntity.CLIENT_ID, level.defaultClient() ? null : clientId);
            }
            Double quota = quotas.getOrDefault(new ClientQuotaEntity(entries), Map.of()).get(key);
            if (quota != null) {
                return Optional.of(new Resolved(quota, level.byUser() ? user : "", level.byClient() ? clientId : ""));
            }
        }
        return Optional.empty();
    }
}
