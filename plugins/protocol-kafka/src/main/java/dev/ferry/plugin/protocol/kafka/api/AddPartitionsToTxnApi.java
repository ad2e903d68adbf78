package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AddPartitionsToTxnRequest;
import org.apache.kafka.common.requests.AddPartitionsToTxnResponse;

/**
 * AddPartitionsToTxn: partitions join a producer's transaction before it writes to them, one transaction per
 * request (versions 0-3, the clients' versions).
 *
 * <p>As in Kafka, one partition that cannot join (unknown, or an internal topic a client asks for) fails the whole
 * transaction's request: the others get OPERATION_NOT_ATTEMPTED.
 */
final class AddPartitionsToTxnApi implements KafkaApi {

    /** The first version whose clients know PRODUCER_FENCED. */
    private static final int FENCED_SINCE = 2;

    private final BrokerServices broker;

    AddPartitionsToTxnApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ADD_PARTITIONS_TO_TXN;
    }

    @Override
    public short maxVersion() {
        // versions 4 and 5 batch transactions for brokers verifying writes; in one broker, the partition asks itself
        return 3;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        short version = context.apiVersion();
        AddPartitionsToTxnRequest add = ((AddPartitionsToTxnRequest) request).normalizeRequest();
        Map<String, List<TopicPartition>> partitions = add.partitionsByTransaction();
        List<CompletableFuture<AddPartitionsToTxnResult>> results = new ArrayList<>();
        for (AddPartitionsToTxnTransaction transaction : add.data().transactions()) {
            results.add(answer(add, transaction, partitions.get(transaction.transactionalId()), version));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(done -> {
            return new AddPartitionsToTxnResponse(new AddPartitionsToTxnResponseData()
                    .setResultsByTopicV3AndBelow(results.get(0).join().topicResults()));
        });
    }

    private CompletableFuture<AddPartitionsToTxnResult> answer(AddPartitionsToTxnRequest request,
                                                                AddPartitionsToTxnTransaction transaction,
                                                                List<TopicPartition> partitions, short version) {
        String transactionalId = transaction.transactionalId();
        Map<TopicPartition, Errors> refused = new HashMap<>();
        for (TopicPartition partition : partitions) {
            if (Topic.isInternal(partition.topic())) {
                // as Kafka answers clients, which may not write the broker's topics
                refused.put(partition, Errors.TOPIC_AUTHORIZATION_FAILED);
            } else if (!exists(partition)) {
                refused.put(partition, Errors.UNKNOWN_TOPIC_OR_PARTITION);
            }
        }
        if (!refused.isEmpty()) {
            partitions.forEach(partition -> refused.putIfAbsent(partition, Errors.OPERATION_NOT_ATTEMPTED));
            return CompletableFuture.completedFuture(
                    AddPartitionsToTxnResponse.resultForTransaction(transactionalId, refused));
        }
        ProducerIdAndEpoch producer = new ProducerIdAndEpoch(transaction.producerId(), transaction.producerEpoch());
        List<dev.ferry.spi.TopicPartition> added = partitions.stream()
                .map(partition -> new dev.ferry.spi.TopicPartition(partition.topic(), partition.partition()))
                .toList();
        return KafkaErrors.call(() -> broker.transactions().addPartitions(transactionalId, producer, added))
                .handle((errors, failure) -> {
                    if (failure != null) {
                        return request.errorResponseForTransaction(transactionalId,
                                KafkaErrors.producerError(failure, version, FENCED_SINCE));
                    }
                    Map<TopicPartition, Errors> answered = new HashMap<>();
                    for (dev.ferry.spi.TopicPartition partition : added) {
                        answered.put(new TopicPartition(partition.topic(), partition.partition()),
                                KafkaErrors.producerFenced(KafkaErrors.toKafka(errors.get(partition)), version,
                                        FENCED_SINCE));
                    }
                    return AddPartitionsToTxnResponse.resultForTransaction(transactionalId, answered);
                });
    }

    private boolean exists(TopicPartition partition) {
        return broker.topics().describe(partition.topic())
                .filter(topic -> topic.hasPartition(partition.partition()))
                .isPresent();
    }
}
