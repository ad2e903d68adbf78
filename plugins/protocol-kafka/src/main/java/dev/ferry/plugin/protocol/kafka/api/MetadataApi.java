package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.ClusterInfo;
import dev.ferry.services.broker.NewTopic;
import dev.ferry.services.broker.TopicDescription;
import dev.ferry.spi.protocol.Endpoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;

/**
 * Metadata: this broker, and the topics asked for with this broker leading every partition. A missing topic is
 * created when both the client and the broker allow it.
 */
final class MetadataApi implements KafkaApi {

    private final BrokerServices broker;
    private final Executor admin;

    MetadataApi(BrokerServices broker, Executor admin) {
        this.broker = broker;
        this.admin = admin;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.METADATA;
    }

    @Override
    public short maxVersion() {
        return 13;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        MetadataRequest metadata = (MetadataRequest) request;
        short version = context.apiVersion();
        List<MetadataResponseTopic> topics = new ArrayList<>();
        List<String> toCreate = new ArrayList<>();
        if (metadata.isAllTopics()) {
            broker.topics().list().forEach(topic -> topics.add(topic(topic)));
        } else {
            boolean mayCreate = metadata.allowAutoTopicCreation() && broker.topics().autoCreateEnabled();
            Set<String> seen = new HashSet<>();
            for (MetadataRequestTopic requested : metadata.data().topics()) {
                // kafka-clients asks by id with the name left at its default, "" rather than null.
                boolean byId = requested.name() == null || !Uuid.ZERO_UUID.equals(requested.topicId());
                if (!byId && !seen.add(requested.name())) {
                    continue;
                }
                if (byId) {
                    topics.add(byId(requested.topicId(), version));
                    continue;
                }
                Optional<TopicDescription> found = broker.topics().describe(requested.name());
                if (found.isPresent()) {
                    topics.add(topic(found.get()));
                } else if (!Topic.isValid(requested.name())) {
                    topics.add(failed(requested.name(), Errors.INVALID_TOPIC_EXCEPTION));
                } else if (mayCreate) {
                    toCreate.add(requested.name());
                } else {
                    topics.add(failed(requested.name(), Errors.UNKNOWN_TOPIC_OR_PARTITION));
                }
            }
        }
        if (toCreate.isEmpty()) {
            return CompletableFuture.completedFuture(response(context, metadata, topics));
        }
        return CompletableFuture.supplyAsync(() -> toCreate.stream().map(this::autoCreate).toList(), admin)
                .thenApply(created -> response(context, metadata,
                        Stream.concat(topics.stream(), created.stream()).toList()));
    }

    private MetadataResponseTopic byId(Uuid topicId, short version) {
        Optional<TopicDescription> found = topicId.equals(Uuid.ZERO_UUID) ? Optional.empty()
                : broker.topics().describe(TopicIds.toBroker(topicId));
        if (found.isPresent()) {
            return topic(found.get());
        }
        // Names are nullable from v12, the version that brought lookups by id.
        return failed(version >= 12 ? null : "", Errors.UNKNOWN_TOPIC_ID).setTopicId(topicId);
    }

    private MetadataResponseTopic autoCreate(String name) {
        try {
            return topic(broker.topics().create(NewTopic.withDefaults(name), false));
        } catch (BrokerException e) {
            if (e.error() == BrokerError.TOPIC_ALREADY_EXISTS) {
                Optional<TopicDescription> raced = broker.topics().describe(name);
                if (raced.isPresent()) {
                    return topic(raced.get());
                }
            }
            return failed(name, KafkaErrors.toApiError(e).error());
        } catch (RuntimeException e) {
            return failed(name, KafkaErrors.toApiError(e).error());
        }
    }

    private MetadataResponseTopic topic(TopicDescription topic) {
        int leader = broker.cluster().brokerId();
        List<MetadataResponsePartition> partitions = new ArrayList<>(topic.partitions());
        for (int partition = 0; partition < topic.partitions(); partition++) {
            partitions.add(new MetadataResponsePartition()
                    .setErrorCode(Errors.NONE.code())
                    .setPartitionIndex(partition)
                    .setLeaderId(leader)
                    .setLeaderEpoch(0)
                    .setReplicaNodes(List.of(leader))
                    .setIsrNodes(List.of(leader))
                    .setOfflineReplicas(List.of()));
        }
        return new MetadataResponseTopic()
                .setErrorCode(Errors.NONE.code())
                .setName(topic.name())
                .setTopicId(TopicIds.toKafka(topic.topicId()))
                .setIsInternal(topic.internal())
                .setPartitions(partitions);
    }

    private static MetadataResponseTopic failed(String name, Errors error) {
        return new MetadataResponseTopic().setErrorCode(error.code()).setName(name);
    }

    private AbstractResponse response(RequestContext context, MetadataRequest request,
                                      List<MetadataResponseTopic> topics) {
        ClusterInfo cluster = broker.cluster();
        Endpoint endpoint = context.advertisedEndpoint(cluster);
        MetadataResponseData.MetadataResponseBrokerCollection brokers =
                new MetadataResponseData.MetadataResponseBrokerCollection();
        brokers.add(new MetadataResponseBroker()
                .setNodeId(cluster.brokerId())
                .setHost(endpoint.host())
                .setPort(endpoint.port()));
        MetadataResponseData.MetadataResponseTopicCollection topicCollection =
                new MetadataResponseData.MetadataResponseTopicCollection();
        for (MetadataResponseTopic topic : topics) {
            if (request.data().includeTopicAuthorizedOperations() && topic.errorCode() == Errors.NONE.code()) {
                topic.setTopicAuthorizedOperations(AuthorizedOperations.TOPIC);
            }
            topicCollection.add(topic);
        }
        MetadataResponseData data = new MetadataResponseData()
                .setThrottleTimeMs(0)
                .setBrokers(brokers)
                .setClusterId(cluster.clusterId())
                .setControllerId(cluster.controllerId())
                .setTopics(topicCollection);
        if (request.data().includeClusterAuthorizedOperations()) {
            data.setClusterAuthorizedOperations(AuthorizedOperations.CLUSTER);
        }
        return new MetadataResponse(data, context.apiVersion());
    }
}
