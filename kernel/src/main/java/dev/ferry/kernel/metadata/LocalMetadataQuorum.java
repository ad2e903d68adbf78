package dev.ferry.kernel.metadata;

import dev.ferry.services.broker.MetadataQuorum;

/**
 * The metadata quorum of one node: this broker is its only voter and leader, at the epoch its metadata log and
 * snapshots are written with (0; there has never been another leader).
 */
public record LocalMetadataQuorum(MetadataStore store) implements MetadataQuorum {

    @Override
    public long endOffset() {
        return store.endOffset();
    }

    @Override
    public int leaderEpoch() {
        return 0;
    }
}
