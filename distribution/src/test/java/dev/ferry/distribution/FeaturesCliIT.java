package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kafka-features} and {@code kafka-metadata-quorum} as a user runs them. */
class FeaturesCliIT {

    private static final String FEATURES = "org.apache.kafka.tools.FeatureCommand";
    private static final String METADATA_QUORUM = "org.apache.kafka.tools.MetadataQuorumCommand";

    @TempDir
    Path temp;

    @Test
    void featuresAreDescribedDowngradedAndUpgradedAndTheQuorumIsThisNode() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(),
                BrokerProcess.writeConfig(temp, temp.resolve("data"), "node.id = 6"))) {
            String server = broker.bootstrapServers();

            // When
            String described = KafkaCli.run(FEATURES, "--bootstrap-server", server, "describe");
            String downgraded = KafkaCli.run(FEATURES, "--bootstrap-server", server, "downgrade",
                    "--metadata", "4.0-IV3");
            String afterDowngrade = KafkaCli.run(FEATURES, "--bootstrap-server", server, "describe");
            String upgraded = KafkaCli.run(FEATURES, "--bootstrap-server", server, "upgrade", "--metadata", "4.1-IV1");
            String status = KafkaCli.run(METADATA_QUORUM, "--bootstrap-server", server, "describe", "--status");

            // Then
            assertTrue(described.contains("Feature: metadata.version\tSupportedMinVersion: 3.3-IV3\t"
                    + "SupportedMaxVersion: 4.1-IV1\tFinalizedVersionLevel: 4.1-IV1\t"), described);
            assertTrue(described.contains("Feature: group.version\tSupportedMinVersion: 1\tSupportedMaxVersion: 1\t"
                    + "FinalizedVersionLevel: 1\t"), described);
            assertTrue(downgraded.contains("metadata.version was downgraded to 25."), downgraded);
            assertTrue(afterDowngrade.contains("FinalizedVersionLevel: 4.0-IV3"), afterDowngrade);
            assertTrue(upgraded.contains("metadata.version was upgraded to 27."), upgraded);
            assertTrue(status.contains("LeaderId:               6"), status);
            assertTrue(status.contains("CurrentVoters:          [{\"id\": 6"), status);
            assertEquals(0, broker.stop());
        }
    }
}
