package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.EndTxnRequest;
import org.apache.kafka.common.requests.EndTxnResponse;

/**
 * EndTxn: commits or aborts a producer's transaction, answered once the decision is durable. Version 5, which bumps
 * the epoch at every transaction (KIP-890 transaction.version 2), is not served: the broker finalizes
 * transaction.version 0, so clients end transactions with version 4 at most.
 */
final class EndTxnApi implements KafkaApi {

    /** The first version whose clients know PRODUCER_FENCED. */
    private static final int FENCED_SINCE = 2;

    private final BrokerServices broker;

    EndTxnApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.END_TXN;
    }

    @Override
    public short maxVersion() {
        return 4;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        EndTxnRequestData data = ((EndTxnRequest) request).data();
        short version = context.apiVersion();
        return KafkaErrors.call(() -> broker.transactions().endTransaction(data.transactionalId(),
                        new ProducerIdAndEpoch(data.producerId(), data.producerEpoch()), data.committed()))
                .handle((done, failure) -> new EndTxnResponse(new EndTxnResponseData()
                        .setErrorCode(KafkaErrors.producerError(failure, version, FENCED_SINCE).code())));
    }
}
