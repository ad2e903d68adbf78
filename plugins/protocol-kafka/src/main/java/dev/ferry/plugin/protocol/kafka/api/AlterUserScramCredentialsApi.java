package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.security.ScramAlterationResult;
import dev.ferry.services.security.ScramCredentialAlteration;
import dev.ferry.services.security.ScramCredentialAlteration.Deletion;
import dev.ferry.services.security.ScramCredentialAlteration.Upsertion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData.AlterUserScramCredentialsResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterUserScramCredentialsRequest;
import org.apache.kafka.common.requests.AlterUserScramCredentialsResponse;

/**
 * AlterUserScramCredentials: sets users' SCRAM credentials from salted passwords and deletes them, with a result
 * per user. Runs off the event loop, since the change is written to the metadata log before it is answered.
 */
final class AlterUserScramCredentialsApi implements KafkaApi {

    private final BrokerServices broker;
    private final Executor admin;

    AlterUserScramCredentialsApi(BrokerServices broker, Executor admin) {
        this.broker = broker;
        this.admin = admin;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_USER_SCRAM_CREDENTIALS;
    }

    @Override
    public short maxVersion() {
        return 0;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        AlterUserScramCredentialsRequestData data = ((AlterUserScramCredentialsRequest) request).data();
        List<ScramCredentialAlteration> alterations = new ArrayList<>();
        data.deletions().forEach(deletion ->
                alterations.add(new Deletion(deletion.name(), ScramMechanisms.name(deletion.mechanism()))));
        data.upsertions().forEach(upsertion -> alterations.add(new Upsertion(upsertion.name(),
                ScramMechanisms.name(upsertion.mechanism()), upsertion.iterations(), upsertion.salt(),
                upsertion.saltedPassword())));
        return CompletableFuture.supplyAsync(() -> alter(alterations), admin);
    }

    private AbstractResponse alter(List<ScramCredentialAlteration> alterations) {
        List<AlterUserScramCredentialsResult> results = new ArrayList<>();
        for (ScramAlterationResult result : broker.scramCredentials().alter(alterations)) {
            results.add(new AlterUserScramCredentialsResult()
                    .setUser(result.user())
                    .setErrorCode(KafkaErrors.toKafka(result.error()).code())
                    .setErrorMessage(result.message()));
        }
        return new AlterUserScramCredentialsResponse(new AlterUserScramCredentialsResponseData()
                .setThrottleTimeMs(0)
                .setResults(results));
    }
}
