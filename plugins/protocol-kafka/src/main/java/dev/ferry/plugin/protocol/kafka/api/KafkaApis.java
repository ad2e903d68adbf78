package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.Features;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;

/** The Kafka APIs this broker serves, by key: the one place that lists them. */
public final class KafkaApis {

    private final Map<ApiKeys, KafkaApi> apis = new EnumMap<>(ApiKeys.class);
    private final ApiVersionsApi apiVersions;

    /** The APIs given, and ApiVersions, which advertises them and no features. */
    public KafkaApis(List<KafkaApi> served) {
        this(Optional.empty(), served);
    }

    /** The APIs given, and ApiVersions, which advertises them and the features. */
    public KafkaApis(Optional<Features> features, List<KafkaApi> served) {
        apiVersions = new ApiVersionsApi(features, served);
        apis.put(apiVersions.apiKey(), apiVersions);
        for (KafkaApi api : served) {
            apis.put(api.apiKey(), api);
        }
    }

    public static KafkaApis create(BrokerServices broker) {
        // charged to the requests that submit work, for their clients' request_percentage
        Executor admin = RequestTime.charging(adminExecutor());
        return new KafkaApis(Optional.ofNullable(broker).map(BrokerServices::features), List.of(
                new MetadataApi(broker, admin),
                new CreateTopicsApi(broker, admin),
                new DeleteTopicsApi(broker, admin),
                new DescribeConfigsApi(broker, admin),
                new AlterConfigsApi(broker, admin),
                new IncrementalAlterConfigsApi(broker, admin),
                new ProduceApi(broker),
                new FetchApi(broker),
                new ListOffsetsApi(broker),
                new DeleteRecordsApi(broker),
                new FindCoordinatorApi(broker),
                new JoinGroupApi(broker),
                new SyncGroupApi(broker),
                new HeartbeatApi(broker),
                new LeaveGroupApi(broker),
                new OffsetCommitApi(broker),
                new OffsetFetchApi(broker),
                new OffsetDeleteApi(broker),
                new ListGroupsApi(broker),
                new DescribeGroupsApi(broker),
                new DeleteGroupsApi(broker),
                new ConsumerGroupHeartbeatApi(broker),
                new ConsumerGroupDescribeApi(broker),
                new CreatePartitionsApi(broker, admin),
                new DescribeClusterApi(broker),
                new DescribeLogDirsApi(broker, admin),
                new ElectLeadersApi(broker),
                new DescribeProducersApi(broker),
                new DescribeTopicPartitionsApi(broker),
                new ListPartitionReassignmentsApi(),
                NoAuthorizerAclsApi.describeAcls(),
                NoAuthorizerAclsApi.createAcls(),
                NoAuthorizerAclsApi.deleteAcls(),
                new InitProducerIdApi(broker),
                new AddPartitionsToTxnApi(broker),
                new AddOffsetsToTxnApi(broker),
                new EndTxnApi(broker),
                new TxnOffsetCommitApi(broker),
                new WriteTxnMarkersApi(broker),
                new DescribeTransactionsApi(broker),
                new ListTransactionsApi(broker),
                new UpdateFeaturesApi(broker, admin),
                new DescribeQuorumApi(broker),
                new UnregisterBrokerApi(broker),
                new AlterPartitionReassignmentsApi(broker),
                new AlterReplicaLogDirsApi(broker, admin),
                DelegationTokensApi.create(),
                DelegationTokensApi.renew(),
                DelegationTokensApi.expire(),
                DelegationTokensApi.describe(),
                new ListConfigResourcesApi(broker),
                new DescribeClientQuotasApi(broker),
                new AlterClientQuotasApi(broker, admin),
                new DescribeUserScramCredentialsApi(broker),
                new AlterUserScramCredentialsApi(broker, admin)));
    }

    /** The API of that key, or {@code null} when it is not served. */
    public KafkaApi api(ApiKeys apiKey) {
        return apis.get(apiKey);
    }

    /** The answer to an ApiVersions request of a version this broker does not know, to be sent as v0. */
    public AbstractResponse unsupportedApiVersions() {
        return apiVersions.unsupportedVersionResponse();
    }

    /**
     * Runs the requests that do disk work off the event loops: topic creation and deletion, record deletion, lookups by time.
     * One thread, only while there is work: these requests are rare, and the handler has no stop hook to shut a
     * pool down.
     */
    private static ExecutorService adminExecutor() {
        return new ThreadPoolExecutor(0, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "ferry-kafka-admin");
            thread.setDaemon(true);
            return thread;
        });
    }
}
