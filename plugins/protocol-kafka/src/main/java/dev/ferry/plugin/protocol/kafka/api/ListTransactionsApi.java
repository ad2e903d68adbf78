package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.TransactionDescription;
import dev.ferry.services.broker.TransactionState;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListTransactionsRequest;
import org.apache.kafka.common.requests.ListTransactionsResponse;

/**
 * ListTransactions: the transactional ids the coordinator knows, with Kafka's filters, all of which must match: by
 * state (the states it does not know are named in the answer and ignored, as Kafka ignores them), by producer id, by
 * how long the transaction has been running (v1: longer than the duration, in milliseconds) and by a regular
 * expression the whole id must match (v2, matched by the coordinator).
 */
final class ListTransactionsApi implements KafkaApi {

    private static final Set<String> KNOWN_STATES = Arrays.stream(TransactionState.values())
            .map(TransactionState::kafkaName)
            .collect(Collectors.toUnmodifiableSet());

    private final BrokerServices broker;

    ListTransactionsApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_TRANSACTIONS;
    }

    @Override
    public short maxVersion() {
        return 2;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        ListTransactionsRequestData data = ((ListTransactionsRequest) request).data();
        Optional<String> idPattern = Optional.ofNullable(data.transactionalIdPattern()).filter(id -> !id.isEmpty());
        return KafkaErrors.call(() -> broker.transactions().list(idPattern)).handle((known, failure) -> {
            if (failure != null) {
                return new ListTransactionsResponse(new ListTransactionsResponseData()
                        .setErrorCode(KafkaErrors.toApiError(failure).error().code()));
            }
            List<ListTransactionsResponseData.TransactionState> listed = known.stream()
                    .filter(filter(data, System.currentTimeMillis()))
                    .map(transaction -> new ListTransactionsResponseData.TransactionState()
                            .setTransactionalId(transaction.transactionalId())
                            .setProducerId(transaction.producer().producerId())
                            .setTransactionState(transaction.state().kafkaName()))
                    .toList();
            return new ListTransactionsResponse(new ListTransactionsResponseData()
                    .setErrorCode(Errors.NONE.code())
                    .setUnknownStateFilters(data.stateFilters().stream()
                            .filter(state -> !KNOWN_STATES.contains(state)).toList())
                    .setTransactionStates(listed));
        });
    }

    /** Kafka's state, producer id and duration filters of a request, at a time. */
    static Predicate<TransactionDescription> filter(ListTransactionsRequestData request, long nowMs) {
        Set<String> states = request.stateFilters().stream().filter(KNOWN_STATES::contains)
                .collect(Collectors.toUnmodifiableSet());
        Set<Long> producerIds = Set.copyOf(request.producerIdFilters());
        long durationMs = request.durationFilter();
        return transaction -> (producerIds.isEmpty() || producerIds.contains(transaction.producer().producerId()))
                && (states.isEmpty() || states.contains(transaction.state().kafkaName()))
                && (durationMs < 0 || nowMs - transaction.startTimeMs() > durationMs);
    }
}
