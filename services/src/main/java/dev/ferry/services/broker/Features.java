package dev.ferry.services.broker;

import java.util.Map;

/**
 * The cluster's feature flags, as Kafka's KRaft keeps them (KIP-584, KIP-1022): for each feature the range of
 * levels this broker supports, and the level finalized for the cluster, stored in the metadata log.
 */
public interface Features {

    /** Each feature this broker knows with the levels it supports, including features it supports only at 0. */
    Map<String, VersionRange> supported();

    /** The finalized levels: features at level 0 are left out. */
    Finalized finalized();

    /**
     * Sets finalized levels (Kafka's UpdateFeatures): all updates are checked, then written together, or none is.
     *
     * @param validateOnly check the updates as for a real change but change nothing
     * @throws BrokerException {@link BrokerError#INVALID_UPDATE_VERSION} naming the first update refused, with
     *     Kafka's message
     */
    void update(Map<String, Update> updates, boolean validateOnly);

    /** The levels a feature supports, both inclusive. */
    record VersionRange(short min, short max) {

        public boolean contains(short level) {
            return level >= min && level <= max;
        }

        @Override
        public String toString() {
            return min + "-" + max;
        }
    }

    /**
     * Finalized levels and the epoch that orders them: the metadata log offset of the last change.
     *
     * @param levels by feature name; never a level of 0
     */
    record Finalized(Map<String, Short> levels, long epoch) {

        public Finalized {
            levels = Map.copyOf(levels);
        }
    }

    /** One requested change: the new level and how far it may move (Kafka's {@code FeatureUpdate.UpgradeType}). */
    record Update(short level, UpgradeType type) {
    }

    /** Kafka's upgrade types, by their wire codes 1 to 3; anything else is {@link #UNKNOWN}. */
    enum UpgradeType {
        UNKNOWN, UPGRADE, SAFE_DOWNGRADE, UNSAFE_DOWNGRADE;

        public static UpgradeType fromCode(int code) {
            return code >= 1 && code <= 3 ? values()[code] : UNKNOWN;
        }
    }
}
