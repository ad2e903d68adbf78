package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.spi.broker.BrokerServices;
import dev.ferry.spi.broker.ProducerIdAndEpoch;
import dev.ferry.spi.broker.TopicDescription;
import dev.ferry.spi.broker.TransactionDescription;
import dev.ferry.spi.broker.TransactionState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnResultCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AddPartitionsToTxnRequest;
import org.apache.kafka.common.requests.AddPartitionsToTxnResponse;

/**
 * AddPartitionsToTxn: partitions join a producer's transaction before it writes to them. Clients send versions 0-3,
 * one transaction each; versions 4-5 batch transactions for brokers, and with {@code verifyOnly} only ask whether
 * the partitions are in the transaction already.
 *
 * <p>As in Kafka, one partition that cannot join (unknown, or an internal topic a client asks for) fails the whole
 * transaction's request: the others get OPERATION_NOT_ATTEMPTED.
 */
final class AddPartitionsToTxnApi implements KafkaApi {

    /** The first version whose clients know PRODUCER_FENCED. */
    private static final int FENCED_SINCE = 2;
    /** The first version, sent by brokers only, that batches transactions. */
    private static final int BATCHED_SINCE = 4;

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
        return 5;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        short version = context.apiVersion();
        AddPartitionsToTxnRequest add = version < BATCHED_SINCE
                ? ((AddPartitionsToTxnRequest) request).normalizeRequest()
                : (AddPartitionsToTxnRequest) request;
        Map<String, List<TopicPartition>> partitions = add.partitionsByTransaction();
        List<CompletableFuture<AddPartitionsToTxnResult>> results = new ArrayList<>();
        for (AddPartitionsToTxnTransaction transaction : add.data().transactions()) {
            results.add(answer(add, transaction, partitions.get(transaction.transactionalId()), version));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(done -> {
            AddPartitionsToTxnResultCollection byTransaction = new AddPartitionsToTxnResultCollection();
            results.forEach(result -> byTransaction.add(result.join()));
            AddPartitionsToTxnResponseData data = new AddPartitionsToTxnResponseData();
            if (version < BATCHED_SINCE) {
                data.setResultsByTopicV3AndBelow(byTransaction.iterator().next().topicResults());
            } else {
                data.setErrorCode(Errors.NONE.code()).setResultsByTransaction(byTransaction);
            }
            return new AddPartitionsToTxnResponse(data);
        });
    }

    private CompletableFuture<AddPartitionsToTxnResult> answer(AddPartitionsToTxnRequest request,
                                                                AddPartitionsToTxnTransaction transaction,
                                                                List<TopicPartition> partitions, short version) {
        String transactionalId = transaction.transactionalId();
        Map<TopicPartition, Errors> refused = new HashMap<>();
        for (TopicPartition partition : partitions) {
            if (version < BATCHED_SINCE && Topic.isInternal(partition.topic())) {
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
        if (transaction.verifyOnly()) {
            return CompletableFuture.completedFuture(AddPartitionsToTxnResponse.resultForTransaction(transactionalId,
                    verify(transactionalId, producer, partitions)));
        }
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

    /**
     * Kafka's answer to {@code verifyOnly}: whether each partition is in the producer's ongoing transaction
     * (TRANSACTION_ABORTABLE when not), or why the producer has no transaction to ask about.
     */
    private Map<TopicPartition, Errors> verify(String transactionalId, ProducerIdAndEpoch producer,
                                               List<TopicPartition> partitions) {
        Optional<TransactionDescription> transaction = transactionalId.isEmpty() ? Optional.empty()
                : broker.transactions().describe(transactionalId);
        Errors error = transactionalId.isEmpty() ? Errors.INVALID_REQUEST : unverifiable(transaction, producer);
        Map<TopicPartition, Errors> verified = new HashMap<>();
        for (TopicPartition partition : partitions) {
            boolean added = error == Errors.NONE && transaction.get().partitions().contains(
                    new dev.ferry.spi.TopicPartition(partition.topic(), partition.partition()));
            verified.put(partition, error != Errors.NONE ? error
                    : added ? Errors.NONE : Errors.TRANSACTION_ABORTABLE);
        }
        return verified;
    }

    /** Why the producer has no transaction whose partitions can be verified; NONE when it has one. */
    private static Errors unverifiable(Optional<TransactionDescription> transaction, ProducerIdAndEpoch producer) {
        if (transaction.isEmpty() || transaction.get().producer().producerId() != producer.producerId()) {
            return Errors.INVALID_PRODUCER_ID_MAPPING;
        }
        if (transaction.get().producer().epoch() != producer.epoch()) {
            return Errors.PRODUCER_FENCED;
        }
        TransactionState state = transaction.get().state();
        return state == TransactionState.PREPARE_COMMIT || state == TransactionState.PREPARE_ABORT
                ? Errors.CONCURRENT_TRANSACTIONS : Errors.NONE;
    }

    private boolean exists(TopicPartition partition) {
        return partition.partition() >= 0 && broker.topics().describe(partition.topic())
                .map(TopicDescription::partitions)
                .filter(count -> partition.partition() < count)
                .isPresent();
    }
}
