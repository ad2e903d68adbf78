package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData.UserName;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData.CredentialInfo;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData.DescribeUserScramCredentialsResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.DescribeUserScramCredentialsRequest;
import org.apache.kafka.common.requests.DescribeUserScramCredentialsResponse;

/**
 * DescribeUserScramCredentials: the mechanisms and iteration counts of the users asked for (all users when none is
 * named), never a secret. A user named twice gets {@code DUPLICATE_RESOURCE}, as in Kafka. Reads memory only, so it
 * answers on the event loop.
 */
final class DescribeUserScramCredentialsApi implements KafkaApi {

    private static final String DUPLICATE_USER =
            "Cannot describe SCRAM credentials for the same user twice in a single request: ";

    private final BrokerServices broker;

    DescribeUserScramCredentialsApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS;
    }

    @Override
    public short maxVersion() {
        return 0;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        DescribeUserScramCredentialsRequestData data = ((DescribeUserScramCredentialsRequest) request).data();
        List<DescribeUserScramCredentialsResult> results = new ArrayList<>();
        requested(data).forEach((user, duplicate) -> results.add(duplicate
                ? new DescribeUserScramCredentialsResult().setUser(user)
                        .setErrorCode(Errors.DUPLICATE_RESOURCE.code()).setErrorMessage(DUPLICATE_USER + user)
                : describe(user)));
        return CompletableFuture.completedFuture(new DescribeUserScramCredentialsResponse(
                new DescribeUserScramCredentialsResponseData().setThrottleTimeMs(0).setResults(results)));
    }

    /** The users to describe, each with whether the request names it more than once. */
    private Map<String, Boolean> requested(DescribeUserScramCredentialsRequestData data) {
        Map<String, Boolean> users = new LinkedHashMap<>();
        if (data.users() == null || data.users().isEmpty()) {
            broker.scramCredentials().users().forEach(user -> users.put(user, false));
        } else {
            for (UserName user : data.users()) {
                users.put(user.name(), users.containsKey(user.name()));
            }
        }
        return users;
    }

    private DescribeUserScramCredentialsResult describe(String user) {
        DescribeUserScramCredentialsResult result = new DescribeUserScramCredentialsResult().setUser(user);
        try {
            List<CredentialInfo> infos = new ArrayList<>();
            broker.scramCredentials().describe(user).forEach((mechanism, iterations) -> infos.add(new CredentialInfo()
                    .setMechanism(ScramMechanisms.type(mechanism))
                    .setIterations(iterations)));
            return result.setErrorCode(Errors.NONE.code()).setCredentialInfos(infos);
        } catch (RuntimeException e) {
            ApiError error = KafkaErrors.toApiError(e);
            return result.setErrorCode(error.error().code()).setErrorMessage(error.message());
        }
    }
}
