package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.services.broker.Transactions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AddOffsetsToTxnResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** AddOffsetsToTxn over a coordinator that records what it is asked and answers as set. */
class AddOffsetsToTxnApiTest {

    private final List<String> asked = new ArrayList<>();
    private CompletableFuture<Void> answer = CompletableFuture.completedFuture(null);
    private final AddOffsetsToTxnApi api = new AddOffsetsToTxnApi(Fakes.broker(Fakes.of(Transactions.class,
            new Object() {
                CompletableFuture<Void> addOffsets(String transactionalId, ProducerIdAndEpoch producer,
                                                   String groupId) {
                    asked.add(transactionalId + " " + producer + " " + groupId);
                    return answer;
                }
            })));

    @Test
    void theGroupJoinsTheTransaction() {
        assertEquals(Errors.NONE, add((short) 4));
        assertEquals(List.of("payments " + new ProducerIdAndEpoch(4000, (short) 2) + " billing"), asked);
    }

    @ParameterizedTest(name = "v{0}")
    @CsvSource({"1, INVALID_PRODUCER_EPOCH", "2, PRODUCER_FENCED"})
    void clientsOlderThanProducerFencedAreToldTheirEpochIsInvalid(short version, Errors expected) {
        answer = CompletableFuture.failedFuture(new BrokerException(BrokerError.PRODUCER_FENCED, "newer instance"));

        assertEquals(expected, add(version));
    }

    private Errors add(short version) {
        AddOffsetsToTxnRequestData data = new AddOffsetsToTxnRequestData().setTransactionalId("payments")
                .setProducerId(4000).setProducerEpoch((short) 2).setGroupId("billing");
        return Errors.forCode(((AddOffsetsToTxnResponse) Fakes.serve(api, data, version)).data().errorCode());
    }
}
