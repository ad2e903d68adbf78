package dev.ferry.kernel.features;

import dev.ferry.services.broker.Features.VersionRange;
import java.util.Map;
import java.util.Set;

/**
 * The features of Apache Kafka 4.1 and the levels this broker supports of each. A level is supported only when the
 * broker has its behaviour, so where Kafka 4.1 offers more (kraft.version 1: a dynamic voter set;
 * transaction.version 1-2 and eligible.leader.replicas.version 1: transactions and ELR; share.version 1: share
 * groups) only level 0 is supported. group.version is always 1: the KIP-848 consumer protocol is always on.
 */
final class FeatureCatalog {

    static final String METADATA_VERSION = "metadata.version";
    static final String KRAFT_VERSION = "kraft.version";
    static final String GROUP_VERSION = "group.version";

    /** Kafka's 3.3-IV3, the oldest metadata.version Kafka 4 accepts. */
    static final short MINIMUM_METADATA_VERSION = 7;
    /** Kafka's 4.1-IV1, the newest production metadata.version of Kafka 4.1. */
    static final short LATEST_METADATA_VERSION = 27;

    static final Map<String, VersionRange> SUPPORTED = Map.of(
            METADATA_VERSION, new VersionRange(MINIMUM_METADATA_VERSION, LATEST_METADATA_VERSION),
            KRAFT_VERSION, new VersionRange((short) 0, (short) 0),
            GROUP_VERSION, new VersionRange((short) 1, (short) 1),
            "transaction.version", new VersionRange((short) 0, (short) 0),
            "eligible.leader.replicas.version", new VersionRange((short) 0, (short) 0),
            "share.version", new VersionRange((short) 0, (short) 0),
            "streams.version", new VersionRange((short) 0, (short) 0));

    /** What a new cluster is finalized at: the newest supported level of each feature. */
    static final Map<String, Short> INITIAL_LEVELS = Map.of(
            METADATA_VERSION, LATEST_METADATA_VERSION,
            GROUP_VERSION, (short) 1);

    /**
     * The metadata.version levels that changed the metadata format (Kafka's {@code didMetadataChange}): a downgrade
     * across one of them could lose metadata, so Kafka refuses it.
     */
    private static final Set<Short> METADATA_CHANGED = Set.of((short) 7, (short) 8, (short) 11, (short) 13,
            (short) 14, (short) 15, (short) 17, (short) 23);

    private FeatureCatalog() {
    }

    /** Whether some level in (to, from] changed the metadata format. */
    static boolean metadataChangedBetween(short to, short from) {
        for (short level = (short) (to + 1); level <= from; level++) {
            if (METADATA_CHANGED.contains(level)) {
                return true;
            }
        }
        return false;
    }
}
