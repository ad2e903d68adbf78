package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.services.broker.Transactions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** InitProducerId over a coordinator that records what it is asked and answers as set. */
class InitProducerIdApiTest {

    private final List<String> asked = new ArrayList<>();
    private CompletableFuture<ProducerIdAndEpoch> answer =
            CompletableFuture.completedFuture(new ProducerIdAndEpoch(4000, (short) 3));
    private final InitProducerIdApi api = new InitProducerIdApi(Fakes.broker(Fakes.of(Transactions.class,
            new Object() {
                CompletableFuture<ProducerIdAndEpoch> initProducerId(String transactionalId, int timeoutMs,
                                                                     ProducerIdAndEpoch current) {
                    asked.add(transactionalId + " " + timeoutMs + " " + current);
                    return answer;
                }
            })));

    @Test
    void anIdempotentProducerGetsAProducerId() {
        InitProducerIdResponseData response = init(new InitProducerIdRequestData()
                .setTransactionalId(null).setTransactionTimeoutMs(60000), (short) 5);

        assertEquals(List.of("null 60000 " + ProducerIdAndEpoch.NONE), asked);
        assertEquals(Errors.NONE.code(), response.errorCode());
        assertEquals(4000, response.producerId());
        assertEquals(3, response.producerEpoch());
    }

    @Test
    void aProducerAskingAgainAfterAnErrorNamesItsIdAndEpoch() {
        init(new InitProducerIdRequestData().setTransactionalId("payments").setTransactionTimeoutMs(1000)
                .setProducerId(4000).setProducerEpoch((short) 2), (short) 4);

        assertEquals(List.of("payments 1000 " + new ProducerIdAndEpoch(4000, (short) 2)), asked);
    }

    @Test
    void aProducerIdWithoutAnEpochIsAnInvalidRequest() {
        InitProducerIdResponseData response = init(new InitProducerIdRequestData().setTransactionalId("payments")
                .setTransactionTimeoutMs(1000).setProducerId(4000), (short) 3);

        assertEquals(List.of(), asked);
        assertEquals(Errors.INVALID_REQUEST.code(), response.errorCode());
        assertEquals(-1, response.producerId());
        assertEquals(-1, response.producerEpoch());
    }

    @ParameterizedTest(name = "v{0}")
    @CsvSource({"3, INVALID_PRODUCER_EPOCH", "4, PRODUCER_FENCED"})
    void clientsOlderThanProducerFencedAreToldTheirEpochIsInvalid(short version, Errors expected) {
        answer = CompletableFuture.failedFuture(new BrokerException(BrokerError.PRODUCER_FENCED, "newer instance"));

        InitProducerIdResponseData response = init(new InitProducerIdRequestData().setTransactionalId("payments")
                .setTransactionTimeoutMs(1000).setProducerId(4000).setProducerEpoch((short) 2), version);

        assertEquals(expected.code(), response.errorCode());
        assertEquals(-1, response.producerId());
        assertEquals(-1, response.producerEpoch());
    }

    private InitProducerIdResponseData init(InitProducerIdRequestData data, short version) {
        return ((InitProducerIdResponse) Fakes.serve(api, data, version)).data();
    }
}
