package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;

/**
 * InitProducerId: a new producer id for an idempotent producer, or a transactional id's producer with its epoch
 * bumped, which fences its older instances. Admin.fenceProducers (and forceTerminateTransaction, which calls it)
 * sends it too, with a transactional id and no producer. Version 6 (two-phase commit, KIP-939) is not served: Kafka
 * 4.1 does not advertise it either.
 */
final class InitProducerIdApi implements KafkaApi {

    /** The first version whose clients know PRODUCER_FENCED. */
    private static final int FENCED_SINCE = 4;

    private final BrokerServices broker;

    InitProducerIdApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INIT_PRODUCER_ID;
    }

    @Override
    public short maxVersion() {
        return 5;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        InitProducerIdRequestData data = ((InitProducerIdRequest) request).data();
        boolean noId = data.producerId() == RecordBatch.NO_PRODUCER_ID;
        boolean noEpoch = data.producerEpoch() == RecordBatch.NO_PRODUCER_EPOCH;
        if (noId != noEpoch) {
            return CompletableFuture.completedFuture(failed(Errors.INVALID_REQUEST));
        }
        ProducerIdAndEpoch current = noId ? ProducerIdAndEpoch.NONE
                : new ProducerIdAndEpoch(data.producerId(), data.producerEpoch());
        short version = context.apiVersion();
        return KafkaErrors.call(() -> broker.transactions().initProducerId(data.transactionalId(),
                        data.transactionTimeoutMs(), current))
                .handle((producer, failure) -> failure == null
                        ? new InitProducerIdResponse(new InitProducerIdResponseData()
                                .setErrorCode(Errors.NONE.code())
                                .setProducerId(producer.producerId())
                                .setProducerEpoch(producer.epoch()))
                        : failed(KafkaErrors.producerError(failure, version, FENCED_SINCE)));
    }

    private static InitProducerIdResponse failed(Errors error) {
        return new InitProducerIdResponse(new InitProducerIdResponseData()
                .setErrorCode(error.code())
                .setProducerId(RecordBatch.NO_PRODUCER_ID)
                .setProducerEpoch(RecordBatch.NO_PRODUCER_EPOCH));
    }
}
