package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.spi.broker.ProducerIdAndEpoch;
import dev.ferry.spi.broker.TransactionDescription;
import dev.ferry.spi.broker.TransactionState;
import dev.ferry.spi.broker.Transactions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.InvalidRegularExpression;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListTransactionsResponse;
import org.junit.jupiter.api.Test;

/**
 * Kafka's ListTransactions filters, at 10:00:00 (epoch ms 36,000,000) over transactions the coordinator knows:
 * {@code payments-eu} ongoing since 09:59:00, {@code payments-us} empty, {@code refunds} ongoing since 09:59:50 and
 * {@code expired}, Dead.
 */
class ListTransactionsApiTest {

    private static final long NOW = 36_000_000;
    private static final TransactionDescription PAYMENTS_EU = transaction("payments-eu", TransactionState.ONGOING,
            4000, NOW - 60_000);
    private static final TransactionDescription PAYMENTS_US = transaction("payments-us", TransactionState.EMPTY,
            4001, -1);
    private static final TransactionDescription REFUNDS = transaction("refunds", TransactionState.ONGOING, 4002,
            NOW - 10_000);
    private static final TransactionDescription EXPIRED = transaction("expired", TransactionState.DEAD, 4003, -1);
    private static final List<TransactionDescription> ALL = List.of(PAYMENTS_EU, PAYMENTS_US, REFUNDS, EXPIRED);

    @Test
    void noFilterListsEveryTransactionButTheDeadOnes() {
        assertEquals(List.of(PAYMENTS_EU, PAYMENTS_US, REFUNDS), filtered(new ListTransactionsRequestData()));
    }

    @Test
    void everyFilterMustMatch() {
        assertEquals(List.of(PAYMENTS_EU, REFUNDS), filtered(new ListTransactionsRequestData()
                .setStateFilters(List.of("Ongoing", "PrepareCommit"))));
        assertEquals(List.of(PAYMENTS_US), filtered(new ListTransactionsRequestData()
                .setProducerIdFilters(List.of(4001L, 4003L))));
        assertEquals(List.of(PAYMENTS_EU), filtered(new ListTransactionsRequestData()
                .setStateFilters(List.of("Ongoing")).setTransactionalIdPattern("payments-.*")));
    }

    @Test
    void theDurationFilterKeepsTransactionsRunningLongerThanIt() {
        assertEquals(List.of(PAYMENTS_EU), filtered(new ListTransactionsRequestData()
                .setStateFilters(List.of("Ongoing")).setDurationFilter(10_000)));
    }

    @Test
    void thePatternMustMatchTheWholeId() {
        assertEquals(List.of(), filtered(new ListTransactionsRequestData().setTransactionalIdPattern("payments")));
        assertEquals(ALL.subList(0, 3), filtered(new ListTransactionsRequestData().setTransactionalIdPattern("")));
    }

    @Test
    void unknownStatesAreNamedAndMatchNothing() {
        ListTransactionsResponseData response = list(new ListTransactionsRequestData()
                .setStateFilters(List.of("Ongoing", "Sleeping", "ongoing")), (short) 0);

        assertEquals(Errors.NONE.code(), response.errorCode());
        assertEquals(List.of("Sleeping", "ongoing"), response.unknownStateFilters());
        assertEquals(List.of("payments-eu", "refunds"), response.transactionStates().stream()
                .map(ListTransactionsResponseData.TransactionState::transactionalId).toList());
    }

    @Test
    void aPatternThatDoesNotCompileIsAnInvalidRegularExpression() {
        CompletionException failure = assertThrows(CompletionException.class,
                () -> list(new ListTransactionsRequestData().setTransactionalIdPattern("payments-("), (short) 2));

        assertEquals(InvalidRegularExpression.class, failure.getCause().getClass());
    }

    private static List<TransactionDescription> filtered(ListTransactionsRequestData request) {
        return ALL.stream().filter(ListTransactionsApi.filter(request, NOW)).toList();
    }

    private static ListTransactionsResponseData list(ListTransactionsRequestData request, short version) {
        ListTransactionsApi api = new ListTransactionsApi(Fakes.broker(Fakes.of(Transactions.class, new Object() {
            List<TransactionDescription> list() {
                return ALL;
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
