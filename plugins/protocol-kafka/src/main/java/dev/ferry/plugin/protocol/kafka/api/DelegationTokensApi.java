package dev.ferry.plugin.protocol.kafka.api;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.CreateDelegationTokenResponse;
import org.apache.kafka.common.requests.DescribeDelegationTokenResponse;
import org.apache.kafka.common.requests.ExpireDelegationTokenResponse;
import org.apache.kafka.common.requests.RenewDelegationTokenResponse;
import org.apache.kafka.common.message.ExpireDelegationTokenResponseData;
import org.apache.kafka.common.message.RenewDelegationTokenResponseData;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

/**
 * The four delegation token APIs. Kafka serves them only to clients authenticated over SASL (not with a token
 * themselves); every connection here is PLAINTEXT, so each request gets DELEGATION_TOKEN_REQUEST_NOT_ALLOWED, as Kafka
 * answers on a PLAINTEXT listener before it even looks at whether tokens are enabled.
 */
final class DelegationTokensApi implements KafkaApi {

    private static final Errors NOT_ALLOWED = Errors.DELEGATION_TOKEN_REQUEST_NOT_ALLOWED;

    private final ApiKeys apiKey;
    private final BiFunction<RequestContext, AbstractRequest, AbstractResponse> refusal;

    private DelegationTokensApi(ApiKeys apiKey,
                                BiFunction<RequestContext, AbstractRequest, AbstractResponse> refusal) {
        this.apiKey = apiKey;
        this.refusal = refusal;
    }

    static DelegationTokensApi create() {
        return new DelegationTokensApi(ApiKeys.CREATE_DELEGATION_TOKEN, (context, request) ->
                CreateDelegationTokenResponse.prepareResponse(context.apiVersion(), 0, NOT_ALLOWED,
                        KafkaPrincipal.ANONYMOUS, KafkaPrincipal.ANONYMOUS));
    }

    static DelegationTokensApi renew() {
        return new DelegationTokensApi(ApiKeys.RENEW_DELEGATION_TOKEN, (context, request) ->
                new RenewDelegationTokenResponse(new RenewDelegationTokenResponseData()
                        .setThrottleTimeMs(0)
                        .setErrorCode(NOT_ALLOWED.code())
                        .setExpiryTimestampMs(-1)));
    }

    static DelegationTokensApi expire() {
        return new DelegationTokensApi(ApiKeys.EXPIRE_DELEGATION_TOKEN, (context, request) ->
                new ExpireDelegationTokenResponse(new ExpireDelegationTokenResponseData()
                        .setThrottleTimeMs(0)
                        .setErrorCode(NOT_ALLOWED.code())
                        .setExpiryTimestampMs(-1)));
    }

    static DelegationTokensApi describe() {
        return new DelegationTokensApi(ApiKeys.DESCRIBE_DELEGATION_TOKEN, (context, request) ->
                new DescribeDelegationTokenResponse(context.apiVersion(), 0, NOT_ALLOWED, List.of()));
    }

    @Override
    public ApiKeys apiKey() {
        return apiKey;
    }

    @Override
    public short maxVersion() {
        return apiKey.latestVersion();
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        return CompletableFuture.completedFuture(refusal.apply(context, request));
    }
}
