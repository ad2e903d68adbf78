package dev.ferry.services.quota;

import java.util.List;

/** The changes of one entity's quotas in an AlterClientQuotas request. */
public record ClientQuotaAlteration(ClientQuotaEntity entity, List<Op> ops) {

    public ClientQuotaAlteration {
        ops = List.copyOf(ops);
    }

    /**
     * Sets a quota key, or removes it.
     *
     * @param value the value to set; {@code null} removes the key
     */
    public record Op(String key, Double value) {
    }
}
