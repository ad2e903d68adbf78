package dev.ferry.kernel.quota;

import dev.ferry.services.quota.ClientQuotaEntity;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/** Kafka's checks of the entity of an alteration, with its messages. */
final class QuotaEntities {

    private QuotaEntities() {
    }

    /**
     * Checks the entity's types, names and their combination.
     *
     * @return Kafka's message, or null when the entity is valid
     */
    static String validate(ClientQuotaEntity entity) {
        Map<String, String> entries = entity.entries();
        if (entries.isEmpty()) {
            return "Invalid empty client quota entity";
        }
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            String type = entry.getKey();
            if (!type.equals(ClientQuotaEntity.USER) && !type.equals(ClientQuotaEntity.CLIENT_ID)
                    && !type.equals(ClientQuotaEntity.IP)) {
                return "Unhandled client quota entity type: " + type;
            }
            if (entry.getValue() != null && entry.getValue().isEmpty()) {
                return "Empty " + type + " not supported";
            }
        }
        if (isIp(entity)) {
            if (entries.size() > 1) {
                // Kafka's message, its missing space included
                return "Invalid quota entity combination, IP entity shouldnot be combined with User or ClientId";
            }
            String ip = entries.get(ClientQuotaEntity.IP);
            if (ip != null && !resolvable(ip)) {
                return ip + " is not a valid IP or resolvable host.";
            }
        }
        return null;
    }

    static boolean isIp(ClientQuotaEntity entity) {
        return entity.entries().containsKey(ClientQuotaEntity.IP);
    }

    /** Kafka's {@code ClientQuotaEntity.toString()}, which its messages use. */
    static String describe(ClientQuotaEntity entity) {
        return "ClientQuotaEntity(entries=" + entity.entries() + ")";
    }

    private static boolean resolvable(String host) {
        try {
            InetAddress.getByName(host);
            return true;
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }
}
