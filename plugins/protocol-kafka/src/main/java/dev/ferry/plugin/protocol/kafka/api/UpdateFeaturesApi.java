package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.Features;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.common.message.UpdateFeaturesRequestData.FeatureUpdateKey;
import org.apache.kafka.common.message.UpdateFeaturesResponseData;
import org.apache.kafka.common.message.UpdateFeaturesResponseData.UpdatableFeatureResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.UpdateFeaturesRequest;
import org.apache.kafka.common.requests.UpdateFeaturesResponse;

/**
 * UpdateFeatures: finalizes feature levels, all or none, as Kafka's controller does. A refused update fails the
 * whole request with the first refusal's message behind Kafka's prefix; versions before 2 also list every feature
 * with the request's error. Runs off the event loop: the change is written to the metadata log.
 */
final class UpdateFeaturesApi implements KafkaApi {

    private final BrokerServices broker;
    private final Executor admin;

    UpdateFeaturesApi(BrokerServices broker, Executor admin) {
        this.broker = broker;
        this.admin = admin;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.UPDATE_FEATURES;
    }

    @Override
    public short maxVersion() {
        return 2;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        UpdateFeaturesRequest updateFeatures = (UpdateFeaturesRequest) request;
        short version = context.apiVersion();
        Map<String, Features.Update> updates = new HashMap<>();
        for (FeatureUpdateKey update : updateFeatures.data().featureUpdates()) {
            Features.UpgradeType type = version == 0
                    ? (update.allowDowngrade() ? Features.UpgradeType.SAFE_DOWNGRADE : Features.UpgradeType.UPGRADE)
                    : Features.UpgradeType.fromCode(update.upgradeType());
            updates.put(update.feature(), new Features.Update(update.maxVersionLevel(), type));
        }
        boolean validateOnly = updateFeatures.data().validateOnly();
        return CompletableFuture.supplyAsync(() -> update(updates, validateOnly, version), admin);
    }

    private AbstractResponse update(Map<String, Features.Update> updates, boolean validateOnly, short version) {
        ApiError error;
        try {
            broker.features().update(updates, validateOnly);
            error = ApiError.NONE;
        } catch (RuntimeException e) {
            ApiError refused = KafkaErrors.toApiError(e);
            error = new ApiError(refused.error(),
                    "The update failed for all features since the following feature had an error: "
                            + refused.message());
        }
        UpdateFeaturesResponseData response = new UpdateFeaturesResponseData()
                .setThrottleTimeMs(0)
                .setErrorCode(error.error().code())
                .setErrorMessage(error.message());
        if (version < 2) {
            for (String feature : updates.keySet()) {
                response.results().add(new UpdatableFeatureResult()
                        .setFeature(feature)
                        .setErrorCode(error.error().code())
                        .setErrorMessage(error.error() == Errors.NONE ? null : error.error().message()));
            }
        }
        return new UpdateFeaturesResponse(response);
    }
}
