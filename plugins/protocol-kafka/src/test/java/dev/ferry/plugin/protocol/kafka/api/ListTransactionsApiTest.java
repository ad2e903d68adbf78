package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.services.broker.TransactionDescription;
import dev.ferry.services.broker.TransactionState;
import dev.ferry.services.broker.Transactions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListTransactionsResponse;
import org.junit.jupiter.api.Test;

/**
 * Kafka's ListTransactions filters, at 10:00:00 (epoch ms 36,000,000) over transactions the coordinator knows:
 * {@code payments-eu} ongoing since 09:59:00, {@code payments-us} empty and {@code refunds} ongoing since 09:59:50.
 * The coordinator matches the id pattern.
 */
class ListTransactionsApiTest {

    private static final long NOW = 36_000_000;
    private static final TransactionDescription PAYMENTS_EU = transaction("payments-eu", TransactionState.ONGOING,
            4000, NOW - 60_000);
    private static final TransactionDescription PAYMENTS_US = transaction("payments-us", TransactionState.EMPTY,
            4001, -1);
    private static final TransactionDescription REFUNDS = transaction("refunds", TransactionState.ONGOING, 4002,
            NOW - 10_000);
    private static final List<TransactionDescription> ALL = List.of(PAYMENTS_EU, PAYMENTS_US, REFUNDS);

    private Optional<String> askedPattern;

    @Test
    void noFilterListsEveryTransaction() {
        assertEquals(ALL, filtered(new ListTransactionsRequestData()));
    }

    @Test
    void everyFilterMustMatch() {
        assertEquals(List.of(PAYMENTS_EU, REFUNDS), filtered(new ListTransactionsRequestData()
                .setStateFilters(List.of("Ongoing", "PrepareCommit"))));
        assertEquals(List.of(PAYMENTS_US), filtered(new ListTransactionsRequestData()
                .setProducerIdFilters(List.of(4001L, 4003L))));
        assertEquals(List.of(PAYMENTS_EU), filtered(new ListTransactionsRequestData()
                .setStateFilters(List.of("Ongoing")).setProducerIdFilters(List.of(4000L, 4001L))));
    }

    @Test
    void theDurationFilterKeepsTransactionsRunningLongerThanIt() {
        assertEquals(List.of(PAYMENTS_EU), filtered(new ListTransactionsRequestData()
                .setStateFilters(List.of("Ongoing")).setDurationFilter(10_000)));
    }

    @Test
    void thePatternGoesToTheCoordinatorAndAnEmptyOneListsEveryId() {
        list(new ListTransactionsRequestData().setTransactionalIdPattern("payments-.*"), (short) 2);
        assertEquals(Optional.of("payments-.*"), askedPattern);

        list(new ListTransactionsRequestData().setTransactionalIdPattern(""), (short) 2);
        assertEquals(Optional.empty(), askedPattern);
    }

    @Test
    void unknownStatesAreNamedAndIgnored() {
        ListTransactionsResponseData response = list(new ListTransactionsRequestData()
                .setStateFilters(List.of("Ongoing", "Sleeping", "ongoing")), (short) 0);
        ListTransactionsResponseData onlyUnknown = list(new ListTransactionsRequestData()
                .setStateFilters(List.of("Sleeping")), (short) 0);

        assertEquals(Errors.NONE.code(), response.errorCode());
        assertEquals(List.of("Sleeping", "ongoing"), response.unknownStateFilters());
        assertEquals(List.of("payments-eu", "refunds"), response.transactionStates().stream()
                .map(ListTransactionsResponseData.TransactionState::transactionalId).toList());
        assertEquals(3, onlyUnknown.transactionStates().size(), "as in Kafka, an unknown state filters nothing");
    }

    @Test
    void aPatternThatDoesNotCompileIsAnInvalidRegularExpression() {
        ListTransactionsResponseData response = list(new ListTransactionsRequestData()
                .setTransactionalIdPattern("payments-("), (short) 2);

        assertEquals(Errors.INVALID_REGULAR_EXPRESSION.code(), response.errorCode());
    }

    private static List<TransactionDescription> filtered(ListTransactionsRequestData request) {
        return ALL.stream().filter(ListTransactionsApi.filter(request, NOW)).toList();
    }

    private ListTransactionsResponseData list(ListTransactionsRequestData request, short version) {
        ListTransactionsApi api = new ListTransactionsApi(Fakes.broker(Fakes.of(Transactions.class, new Object() {
            CompletableFuture<List<TransactionDescription>> list(Optional<String> transactionalIdPattern) {
                askedPattern = transactionalIdPattern;
                if (transactionalIdPattern.filter(pattern -> pattern.endsWith("(")).isPresent()) {
                    return CompletableFuture.failedFuture(
                            new BrokerException(BrokerError.INVALID_REGULAR_EXPRESSION, "unclosed group"));
                }
                return CompletableFuture.completedFuture(ALL);
            }
        })));
        return ((ListTransactionsResponse) Fakes.serve(api, request, version)).data();
    }

    private static TransactionDescription transaction(String id, TransactionState state, long producerId,
                                                      long startTimeMs) {
        return new TransactionDescription(id, state, new ProducerIdAndEpoch(producerId, (short) 0), 60000,
                startTimeMs, Set.of());
    }
}
