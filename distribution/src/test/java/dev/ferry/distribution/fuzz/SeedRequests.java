package dev.ferry.distribution.fuzz;

import dev.ferry.distribution.RawKafkaConnection;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicCollection;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;

/**
 * Valid request frames to mutate: for every API and version the broker advertises, the message with its default
 * values, and for the APIs that carry data (Produce, Fetch, Metadata, ListOffsets, CreateTopics) one that names a
 * real topic. CreateTopics only validates, so that valid frames do not fill the disk with topics.
 */
final class SeedRequests {

    /** A valid frame (header and body, without the size prefix), with the API it belongs to. */
    record Seed(ApiKeys apiKey, short version, byte[] frame) {
    }

    private SeedRequests() {
    }

    /** Asks the broker what it serves; returns api key -> [min, max]. */
    static Map<ApiKeys, short[]> advertised(int port) throws Exception {
        try (RawKafkaConnection connection = RawKafkaConnection.open(port)) {
            RequestHeader header = connection.send(new ApiVersionsRequest.Builder().build((short) 3));
            ApiVersionsResponse response = (ApiVersionsResponse) connection.receive(header);
            Map<ApiKeys, short[]> advertised = new TreeMap<>();
            for (ApiVersion version : response.data().apiKeys()) {
                advertised.put(ApiKeys.forId(version.apiKey()),
                        new short[] {version.minVersion(), version.maxVersion()});
            }
            return advertised;
        }
    }

    static List<Seed> build(Map<ApiKeys, short[]> advertised, String topic, Uuid topicId) {
        List<Seed> seeds = new ArrayList<>();
        for (Map.Entry<ApiKeys, short[]> api : advertised.entrySet()) {
            ApiKeys apiKey = api.getKey();
            for (short version = api.getValue()[0]; version <= api.getValue()[1]; version++) {
                add(seeds, apiKey, version, ApiMessageType.fromApiKey(apiKey.id).newRequest());
                ApiMessage withTopic = withTopic(apiKey, version, topic, topicId);
                if (withTopic != null) {
                    add(seeds, apiKey, version, withTopic);
                }
            }
        }
        return seeds;
    }

    /** Skips a message that this version cannot carry (a default that the version has no field for). */
    private static void add(List<Seed> seeds, ApiKeys apiKey, short version, ApiMessage message) {
        RequestHeader header = new RequestHeader(apiKey, version, "fuzz", 0);
        ByteBuffer bytes;
        try {
            bytes = RequestUtils.serialize(header.data(), header.headerVersion(), message, version);
        } catch (RuntimeException cannotCarry) {
            return;
        }
        byte[] frame = new byte[bytes.remaining()];
        bytes.get(frame);
        seeds.add(new Seed(apiKey, version, frame));
    }

    private static ApiMessage withTopic(ApiKeys apiKey, short version, String topic, Uuid topicId) {
        return switch (apiKey) {
            case PRODUCE -> {
                ProduceRequestData.TopicProduceDataCollection topics =
                        new ProduceRequestData.TopicProduceDataCollection();
                topics.add(new ProduceRequestData.TopicProduceData()
                        .setName(version < 13 ? topic : "")
                        .setTopicId(version >= 13 ? topicId : Uuid.ZERO_UUID)
                        .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData().setIndex(0)
                                .setRecords(MemoryRecords.withRecords(Compression.NONE,
                                        new SimpleRecord("key".getBytes(), "fuzzed value".getBytes()))))));
                yield new ProduceRequestData().setAcks((short) 1).setTimeoutMs(5000).setTopicData(topics);
            }
            case FETCH -> new FetchRequestData().setMaxWaitMs(10).setMinBytes(1).setMaxBytes(1 << 20)
                    .setReplicaId(-1).setTopics(List.of(new FetchRequestData.FetchTopic()
                            .setTopic(version < 13 ? topic : "")
                            .setTopicId(version >= 13 ? topicId : Uuid.ZERO_UUID)
                            .setPartitions(List.of(new FetchRequestData.FetchPartition().setPartition(0)
                                    .setFetchOffset(0).setPartitionMaxBytes(1 << 16)))));
            case METADATA -> new MetadataRequestData().setTopics(List.of(
                    new MetadataRequestData.MetadataRequestTopic().setName(topic)
                            .setTopicId(version >= 10 ? topicId : Uuid.ZERO_UUID)));
            case LIST_OFFSETS -> new ListOffsetsRequestData().setReplicaId(-1).setTopics(List.of(
                    new ListOffsetsRequestData.ListOffsetsTopic().setName(topic).setPartitions(List.of(
                            new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0)
                                    .setTimestamp(-1)))));
            case CREATE_TOPICS -> new CreateTopicsRequestData().setValidateOnly(version >= 1).setTimeoutMs(5000)
                    .setTopics(new CreatableTopicCollection(List.of(new CreatableTopic().setName("fuzz-created")
                            .setNumPartitions(1).setReplicationFactor((short) 1)).iterator()));
            default -> null;
        };
    }
}
