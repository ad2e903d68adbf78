package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.TransactionDescription;
import dev.ferry.services.broker.TransactionState;
import dev.ferry.spi.TopicPartition;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData.TopicData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeTransactionsRequest;
import org.apache.kafka.common.requests.DescribeTransactionsResponse;

/**
 * DescribeTransactions: each transactional id as its coordinator knows it. As in Kafka, an id the coordinator does
 * not know, or one being expired (Dead), is TRANSACTIONAL_ID_NOT_FOUND, and the empty id is an INVALID_REQUEST.
 * Each id is described on its own, the response keeping the request's order: an id the coordinator cannot serve yet
 * answers that error alone.
 */
final class DescribeTransactionsApi implements KafkaApi {

    private static final Comparator<TopicPartition> BY_PARTITION =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final BrokerServices broker;

    DescribeTransactionsApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_TRANSACTIONS;
    }

    @Override
    public short maxVersion() {
        return 0;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        DescribeTransactionsRequestData data = ((DescribeTransactionsRequest) request).data();
        List<CompletableFuture<DescribeTransactionsResponseData.TransactionState>> states =
                data.transactionalIds().stream()
                        .map(transactionalId -> KafkaErrors.call(() -> describe(transactionalId))
                                .exceptionally(failure -> new DescribeTransactionsResponseData.TransactionState()
                                        .setTransactionalId(transactionalId)
                                        .setErrorCode(KafkaErrors.toApiError(failure).error().code())))
                        .toList();
        return InOrder.all(states).thenApply(described -> new DescribeTransactionsResponse(
                new DescribeTransactionsResponseData().setTransactionStates(described)));
    }

    private CompletableFuture<DescribeTransactionsResponseData.TransactionState> describe(String transactionalId) {
        DescribeTransactionsResponseData.TransactionState state =
                new DescribeTransactionsResponseData.TransactionState().setTransactionalId(transactionalId);
        if (transactionalId.isEmpty()) {
            return CompletableFuture.completedFuture(state.setErrorCode(Errors.INVALID_REQUEST.code()));
        }
        return broker.transactions().describe(transactionalId).thenApply(found -> found
                .filter(transaction -> transaction.state() != TransactionState.DEAD)
                .map(transaction -> described(state, transaction))
                .orElseGet(() -> state.setErrorCode(Errors.TRANSACTIONAL_ID_NOT_FOUND.code())));
    }

    private static DescribeTransactionsResponseData.TransactionState described(
            DescribeTransactionsResponseData.TransactionState state, TransactionDescription transaction) {
        transaction.partitions().stream().sorted(BY_PARTITION).forEach(partition -> {
            TopicData topic = state.topics().find(partition.topic());
            if (topic == null) {
                topic = new TopicData().setTopic(partition.topic());
                state.topics().add(topic);
            }
            topic.partitions().add(partition.partition());
        });
        return state.setErrorCode(Errors.NONE.code())
                .setTransactionState(transaction.state().kafkaName())
                .setTransactionTimeoutMs(transaction.timeoutMs())
                .setTransactionStartTimeMs(transaction.startTimeMs())
                .setProducerId(transaction.producer().producerId())
                .setProducerEpoch(transaction.producer().epoch());
    }
}
