package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.ClusterInfo;
import dev.ferry.services.broker.MetadataQuorum;
import dev.ferry.spi.protocol.Endpoint;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DescribeQuorumRequestData;
import org.apache.kafka.common.message.DescribeQuorumResponseData;
import org.apache.kafka.common.message.DescribeQuorumResponseData.Listener;
import org.apache.kafka.common.message.DescribeQuorumResponseData.ListenerCollection;
import org.apache.kafka.common.message.DescribeQuorumResponseData.Node;
import org.apache.kafka.common.message.DescribeQuorumResponseData.NodeCollection;
import org.apache.kafka.common.message.DescribeQuorumResponseData.PartitionData;
import org.apache.kafka.common.message.DescribeQuorumResponseData.ReplicaState;
import org.apache.kafka.common.message.DescribeQuorumResponseData.TopicData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeQuorumRequest;
import org.apache.kafka.common.requests.DescribeQuorumResponse;

/**
 * DescribeQuorum: the metadata quorum ({@code __cluster_metadata-0}), where this broker is the only voter and the
 * leader. A Kafka broker forwards the request to the controller; here both are this node. The leader is always caught
 * up with itself, so its fetch and caught-up times are now, and the high watermark is the log's end offset. The voter
 * has no directory id: the voter set is static (kraft.version 0). Any other partition gets
 * UNKNOWN_TOPIC_OR_PARTITION, as in Kafka.
 */
final class DescribeQuorumApi implements KafkaApi {

    private static final String METADATA_TOPIC = "__cluster_metadata";

    private final BrokerServices broker;

    DescribeQuorumApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_QUORUM;
    }

    @Override
    public short maxVersion() {
        return 2;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        DescribeQuorumRequestData data = ((DescribeQuorumRequest) request).data();
        boolean metadataPartition = data.topics().size() == 1
                && data.topics().get(0).topicName().equals(METADATA_TOPIC)
                && data.topics().get(0).partitions().size() == 1
                && data.topics().get(0).partitions().get(0).partitionIndex() == 0;
        DescribeQuorumResponseData response = metadataPartition
                ? describe(context)
                : DescribeQuorumRequest.getPartitionLevelErrorResponse(data, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        return CompletableFuture.completedFuture(new DescribeQuorumResponse(response));
    }

    private DescribeQuorumResponseData describe(RequestContext context) {
        ClusterInfo cluster = broker.cluster();
        MetadataQuorum quorum = broker.metadataQuorum();
        long endOffset = quorum.endOffset();
        long now = System.currentTimeMillis();
        ReplicaState voter = new ReplicaState()
                .setReplicaId(cluster.controllerId())
                .setReplicaDirectoryId(Uuid.ZERO_UUID)
                .setLogEndOffset(endOffset)
                .setLastFetchTimestamp(now)
                .setLastCaughtUpTimestamp(now);
        PartitionData partition = new PartitionData()
                .setPartitionIndex(0)
                .setErrorCode(Errors.NONE.code())
                .setLeaderId(cluster.controllerId())
                .setLeaderEpoch(quorum.leaderEpoch())
                .setHighWatermark(endOffset)
                .setCurrentVoters(List.of(voter))
                .setObservers(List.of());
        Endpoint endpoint = context.advertisedEndpoint(cluster);
        ListenerCollection listeners = new ListenerCollection();
        listeners.add(new Listener().setName(context.listener().name()).setHost(endpoint.host())
                .setPort(endpoint.port()));
        NodeCollection nodes = new NodeCollection();
        nodes.add(new Node().setNodeId(cluster.controllerId()).setListeners(listeners));
        return new DescribeQuorumResponseData()
                .setErrorCode(Errors.NONE.code())
                .setTopics(List.of(new TopicData().setTopicName(METADATA_TOPIC).setPartitions(List.of(partition))))
                .setNodes(nodes);
    }
}
