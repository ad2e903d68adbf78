package dev.ferry.plugin.protocol.kafka.api;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;

/**
 * One of the ACL APIs (DescribeAcls, CreateAcls, DeleteAcls) on a broker without an authorizer: Kafka answers each
 * with SECURITY_DISABLED, for the whole request and every ACL or filter in it.
 */
final class NoAuthorizerAclsApi implements KafkaApi {

    private final ApiKeys apiKey;

    private NoAuthorizerAclsApi(ApiKeys apiKey) {
        this.apiKey = apiKey;
    }

    static NoAuthorizerAclsApi describeAcls() {
        return new NoAuthorizerAclsApi(ApiKeys.DESCRIBE_ACLS);
    }

    static NoAuthorizerAclsApi createAcls() {
        return new NoAuthorizerAclsApi(ApiKeys.CREATE_ACLS);
    }

    static NoAuthorizerAclsApi deleteAcls() {
        return new NoAuthorizerAclsApi(ApiKeys.DELETE_ACLS);
    }

    @Override
    public ApiKeys apiKey() {
        return apiKey;
    }

    /** Versions 1 to 3 of all three, as kafka-clients 4.1 knows them. */
    @Override
    public short maxVersion() {
        return 3;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        return CompletableFuture.completedFuture(request.getErrorResponse(0,
                new SecurityDisabledException("No Authorizer is configured.")));
    }
}
