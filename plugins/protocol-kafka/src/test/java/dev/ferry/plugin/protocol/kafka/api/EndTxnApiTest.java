package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.services.broker.Transactions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.EndTxnResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** EndTxn over a coordinator that records what it is asked and answers as set. */
class EndTxnApiTest {

    private final List<String> asked = new ArrayList<>();
    private CompletableFuture<Void> answer = CompletableFuture.completedFuture(null);
    private final EndTxnApi api = new EndTxnApi(Fakes.broker(Fakes.of(Transactions.class, new Object() {
        CompletableFuture<Void> endTransaction(String transactionalId, ProducerIdAndEpoch producer, boolean commit) {
            asked.add(transactionalId + " " + producer + " " + (commit ? "commit" : "abort"));
            return answer;
        }
    })));

    @Test
    void aCommitIsAnsweredOnceTheCoordinatorHasDecided() {
        Errors error = end(true, (short) 4);

        assertEquals(List.of("payments " + new ProducerIdAndEpoch(4000, (short) 2) + " commit"), asked);
        assertEquals(Errors.NONE, error);
    }

    @Test
    void anAbortFailsAsTheCoordinatorSays() {
        answer = CompletableFuture.failedFuture(new BrokerException(BrokerError.INVALID_TXN_STATE, "committing"));

        assertEquals(Errors.INVALID_TXN_STATE, end(false, (short) 3));
        assertEquals(List.of("payments " + new ProducerIdAndEpoch(4000, (short) 2) + " abort"), asked);
    }

    @ParameterizedTest(name = "v{0}")
    @CsvSource({"1, INVALID_PRODUCER_EPOCH", "2, PRODUCER_FENCED"})
    void clientsOlderThanProducerFencedAreToldTheirEpochIsInvalid(short version, Errors expected) {
        answer = CompletableFuture.failedFuture(new BrokerException(BrokerError.PRODUCER_FENCED, "newer instance"));

        assertEquals(expected, end(true, version));
    }

    private Errors end(boolean commit, short version) {
        EndTxnRequestData data = new EndTxnRequestData().setTransactionalId("payments").setProducerId(4000)
                .setProducerEpoch((short) 2).setCommitted(commit);
        return Errors.forCode(((EndTxnResponse) Fakes.serve(api, data, version)).data().errorCode());
    }
}
