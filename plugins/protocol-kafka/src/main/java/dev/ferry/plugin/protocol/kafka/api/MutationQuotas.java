package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.quota.ControllerMutationQuota;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;

/** The {@code controller_mutation_rate} quota of the requests that create, grow and delete topics (KIP-599). */
final class MutationQuotas {

    private MutationQuotas() {
    }

    /** Strict from that version on, as Kafka: older clients cannot handle a refusal, so they are only throttled. */
    static ControllerMutationQuota.Request forRequest(BrokerServices broker, RequestContext context,
                                                      short strictSinceVersion) {
        return broker.clientQuotas().controllerMutations().forRequest(QuotaUser.of(context), context.clientId(),
                context.apiVersion() >= strictSinceVersion);
    }

    /** Kafka's answer for a topic refused by a strict quota. */
    static ApiError exceeded() {
        return new ApiError(Errors.THROTTLING_QUOTA_EXCEEDED, Errors.THROTTLING_QUOTA_EXCEEDED.message());
    }
}
