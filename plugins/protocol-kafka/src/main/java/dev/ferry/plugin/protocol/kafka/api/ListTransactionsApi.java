package dev.ferry.plugin.protocol.kafka.api;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListTransactionsRequest;
import org.apache.kafka.common.requests.ListTransactionsResponse;

/**
 * ListTransactions: the broker has no transaction coordinator yet, so no transaction is ever listed. As in Kafka,
 * the state filters it does not know are named in the answer.
 */
final class ListTransactionsApi implements KafkaApi {

    /** A coordinator's state for an expired transactional id; the AdminClient has no name for it. */
    private static final String DEAD = "Dead";

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
        return CompletableFuture.completedFuture(new ListTransactionsResponse(new ListTransactionsResponseData()
                .setThrottleTimeMs(0)
                .setErrorCode(Errors.NONE.code())
                .setUnknownStateFilters(unknownStates(data.stateFilters()))));
    }

    private static List<String> unknownStates(List<String> filters) {
        return filters.stream()
                .filter(state -> !DEAD.equals(state) && TransactionState.parse(state) == TransactionState.UNKNOWN)
                .toList();
    }
}
