package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ClientMetricsResourceListing;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.ListConfigResourcesOptions;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.SupportedVersionRange;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionReplica;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.BrokerIdNotRegisteredException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidUpdateVersionException;
import org.apache.kafka.common.errors.LogDirNotFoundException;
import org.apache.kafka.common.errors.NoReassignmentInProgressException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedByAuthenticationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster-level admin calls a single node answers (features, the metadata quorum, broker registration,
 * reassignments, log dir moves, delegation tokens, config resources), driven by the real AdminClient.
 */
class ClusterAdminApisIT {

    private static final int NODE = 4;

    @RegisterExtension
    static final SharedBroker SHARED = SharedBroker.withConfig("node.id = " + NODE);

    private static BrokerProcess broker;
    private static Admin admin;

    @BeforeAll
    static void useSharedBroker() {
        broker = SHARED.broker();
        admin = SHARED.admin();
    }

    @Test
    void featuresAreFinalizedAtKafka41AndMoveOnlyWithinWhatTheBrokerSupports() throws Exception {
        // Given
        FeatureMetadata before = admin.describeFeatures().featureMetadata().get();

        // When: a safe downgrade, then the refused moves, then back up
        admin.updateFeatures(Map.of("metadata.version",
                new FeatureUpdate((short) 25, FeatureUpdate.UpgradeType.SAFE_DOWNGRADE)),
                new UpdateFeaturesOptions()).all().get();
        FeatureMetadata downgraded = admin.describeFeatures().featureMetadata().get();
        Throwable tooOld = failure(admin.updateFeatures(Map.of("metadata.version",
                new FeatureUpdate((short) 20, FeatureUpdate.UpgradeType.SAFE_DOWNGRADE)),
                new UpdateFeaturesOptions()).all());
        Throwable noTransactions = failure(admin.updateFeatures(Map.of("transaction.version",
                new FeatureUpdate((short) 2, FeatureUpdate.UpgradeType.UPGRADE)),
                new UpdateFeaturesOptions().validateOnly(true)).all());
        admin.updateFeatures(Map.of("metadata.version", new FeatureUpdate((short) 27, FeatureUpdate.UpgradeType.UPGRADE)),
                new UpdateFeaturesOptions().validateOnly(true)).all().get();
        FeatureMetadata validated = admin.describeFeatures().featureMetadata().get();
        admin.updateFeatures(Map.of("metadata.version", new FeatureUpdate((short) 27, FeatureUpdate.UpgradeType.UPGRADE)),
                new UpdateFeaturesOptions()).all().get();

        // Then
        assertEquals(Map.of("metadata.version", new FinalizedVersionRange((short) 27, (short) 27),
                "group.version", new FinalizedVersionRange((short) 1, (short) 1)), before.finalizedFeatures());
        assertEquals(new SupportedVersionRange((short) 7, (short) 27),
                before.supportedFeatures().get("metadata.version"));
        assertEquals(new SupportedVersionRange((short) 0, (short) 0),
                before.supportedFeatures().get("kraft.version"));
        assertTrue(before.finalizedFeaturesEpoch().orElseThrow() >= 0, before.toString());
        assertEquals(new FinalizedVersionRange((short) 25, (short) 25),
                downgraded.finalizedFeatures().get("metadata.version"));
        assertTrue(downgraded.finalizedFeaturesEpoch().orElseThrow() > before.finalizedFeaturesEpoch().orElseThrow());
        assertInstanceOf(InvalidUpdateVersionException.class, tooOld);
        assertEquals("The update failed for all features since the following feature had an error: Invalid "
                + "metadata.version 20. Refusing to perform the requested downgrade because it might delete metadata "
                + "information.", tooOld.getMessage());
        assertInstanceOf(InvalidUpdateVersionException.class, noTransactions);
        assertTrue(noTransactions.getMessage().endsWith("Invalid update version 2 for feature transaction.version. "
                + "Local controller " + NODE + " does not support this feature."), noTransactions.getMessage());
        assertEquals(downgraded.finalizedFeatures(), validated.finalizedFeatures(), "validateOnly changes nothing");
        assertEquals(new FinalizedVersionRange((short) 27, (short) 27), admin.describeFeatures().featureMetadata()
                .get().finalizedFeatures().get("metadata.version"));
    }

    @Test
    void theQuorumIsThisNodeAloneLeadingAtTheMetadataLogsEnd() throws Exception {
        // When
        QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get();

        // Then
        assertEquals(NODE, quorum.leaderId());
        assertEquals(1, quorum.voters().size());
        QuorumInfo.ReplicaState voter = quorum.voters().get(0);
        assertEquals(NODE, voter.replicaId());
        assertEquals(quorum.highWatermark(), voter.logEndOffset());
        assertTrue(quorum.highWatermark() >= 1, quorum.toString());
        assertTrue(voter.lastCaughtUpTimestamp().orElseThrow() > 0, quorum.toString());
        assertEquals(List.of(), quorum.observers());
        QuorumInfo.Node node = quorum.nodes().get(NODE);
        assertEquals(broker.port(), node.endpoints().get(0).port(), quorum.toString());
    }

    @Test
    void onlyThisBrokerIsRegistered() throws Exception {
        admin.unregisterBroker(NODE).all().get();

        assertInstanceOf(BrokerIdNotRegisteredException.class, failure(admin.unregisterBroker(99).all()));
    }

    @Test
    void reassigningToThisBrokerChangesNothingAndAnythingElseIsRefused() throws Exception {
        // Given
        admin.createTopics(List.of(new NewTopic("reassigned", 1, (short) 1))).all().get();
        TopicPartition partition = new TopicPartition("reassigned", 0);

        // When
        Map<TopicPartition, ? extends Future<Void>> results = admin.alterPartitionReassignments(Map.of(
                partition, Optional.of(new NewPartitionReassignment(List.of(NODE))))).values();
        Throwable elsewhere = failure(admin.alterPartitionReassignments(Map.of(
                partition, Optional.of(new NewPartitionReassignment(List.of(NODE, 7))))).all());
        Throwable cancel = failure(admin.alterPartitionReassignments(Map.of(partition, Optional.empty())).all());
        Throwable unknown = failure(admin.alterPartitionReassignments(Map.of(new TopicPartition("reassigned", 5),
                Optional.of(new NewPartitionReassignment(List.of(NODE))))).all());

        // Then
        results.get(partition).get();
        assertInstanceOf(InvalidReplicaAssignmentException.class, elsewhere);
        assertEquals("The manual partition assignment includes broker 7, but no such broker is registered.",
                elsewhere.getMessage());
        assertInstanceOf(NoReassignmentInProgressException.class, cancel);
        assertInstanceOf(UnknownTopicOrPartitionException.class, unknown);
        assertEquals(Map.of(), admin.listPartitionReassignments().reassignments().get());
    }

    @Test
    void aReplicaStaysInItsLogDirAndAPathOutsideLogDirsIsNotFound() throws Exception {
        // Given
        admin.createTopics(List.of(new NewTopic("placed", 1, (short) 1))).all().get();
        TopicPartitionReplica replica = new TopicPartitionReplica("placed", 0, NODE);
        String logDir = admin.describeReplicaLogDirs(List.of(replica)).all().get().get(replica).getCurrentReplicaLogDir();

        // When
        admin.alterReplicaLogDirs(Map.of(replica, logDir)).all().get();
        Throwable elsewhere = failure(admin.alterReplicaLogDirs(Map.of(replica,
                SHARED.directory().resolve("not-a-log-dir").toString())).all());

        // Then
        assertInstanceOf(LogDirNotFoundException.class, elsewhere);
    }

    @Test
    void delegationTokensAreNotAllowedWithoutSasl() throws Exception {
        assertInstanceOf(UnsupportedByAuthenticationException.class,
                failure(admin.createDelegationToken().delegationToken()));
        assertInstanceOf(UnsupportedByAuthenticationException.class,
                failure(admin.describeDelegationToken().delegationTokens()));
        assertInstanceOf(UnsupportedByAuthenticationException.class,
                failure(admin.renewDelegationToken(new byte[] {1}).expiryTimestamp()));
        assertInstanceOf(UnsupportedByAuthenticationException.class,
                failure(admin.expireDelegationToken(new byte[] {1}).expiryTimestamp()));
    }

    @Test
    void configResourcesAreThisBrokerAndTheTopicsAndNoClientMetrics() throws Exception {
        // Given
        admin.createTopics(List.of(new NewTopic("listed", 1, (short) 1))).all().get();

        // When
        var resources = admin.listConfigResources(Set.of(ConfigResource.Type.TOPIC, ConfigResource.Type.BROKER),
                new ListConfigResourcesOptions()).all().get();
        @SuppressWarnings("deprecation")
        var clientMetrics = admin.listClientMetricsResources().all().get();

        // Then
        assertTrue(resources.contains(new ConfigResource(ConfigResource.Type.TOPIC, "listed")), resources.toString());
        assertTrue(resources.contains(new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(NODE))),
                resources.toString());
        assertEquals(List.<ClientMetricsResourceListing>of(), List.copyOf(clientMetrics));
    }

    private static Throwable failure(Future<?> future) {
        return assertThrows(ExecutionException.class, future::get).getCause();
    }
}
