package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AddOffsetsToTxnRequest;
import org.apache.kafka.common.requests.AddOffsetsToTxnResponse;

/**
 * AddOffsetsToTxn: the group's partition of {@code __consumer_offsets} joins the producer's transaction, before the
 * producer commits the group's offsets in it with TxnOffsetCommit.
 */
final class AddOffsetsToTxnApi implements KafkaApi {

    /** The first version whose clients know PRODUCER_FENCED. */
    private static final int FENCED_SINCE = 2;

    private final BrokerServices broker;

    AddOffsetsToTxnApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ADD_OFFSETS_TO_TXN;
    }

    @Override
    public short maxVersion() {
        return 4;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        AddOffsetsToTxnRequestData data = ((AddOffsetsToTxnRequest) request).data();
        short version = context.apiVersion();
        return KafkaErrors.call(() -> broker.transactions().addOffsets(data.transactionalId(),
                        new ProducerIdAndEpoch(data.producerId(), data.producerEpoch()), data.groupId()))
                .handle((done, failure) -> new AddOffsetsToTxnResponse(new AddOffsetsToTxnResponseData()
                        .setErrorCode(KafkaErrors.producerError(failure, version, FENCED_SINCE).code())));
    }
}
