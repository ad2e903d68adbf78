package dev.ferry.services.quota;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who a quota applies to, as Kafka names it: entity types ({@value #USER}, {@value #CLIENT_ID}, {@value #IP}) each
 * with a name, or with {@code null} for the type's default (Kafka's {@code <default>}).
 *
 * @param entries entity type to name (null for the default), in type order
 */
public record ClientQuotaEntity(Map<String, String> entries) {

    public static final String USER = "user";
    public static final String CLIENT_ID = "client-id";
    public static final String IP = "ip";

    public ClientQuotaEntity {
        entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    /** An entity of one type: its name, or its default when {@code name} is null. */
    public static ClientQuotaEntity of(String type, String name) {
        Map<String, String> entries = new TreeMap<>();
        entries.put(type, name);
        return new ClientQuotaEntity(entries);
    }
}
