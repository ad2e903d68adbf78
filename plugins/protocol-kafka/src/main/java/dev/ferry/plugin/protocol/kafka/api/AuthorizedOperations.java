package dev.ferry.plugin.protocol.kafka.api;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.utils.Utils;

/**
 * The operations a client may perform on a resource, as the 32-bit fields Kafka's describe responses carry. With no
 * authorizer every operation is allowed: these are the ones Kafka reports for each resource type.
 */
final class AuthorizedOperations {

    /** The value of a field the client did not ask for. */
    static final int NOT_REQUESTED = Integer.MIN_VALUE;

    static final int TOPIC = of(AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE, AclOperation.DELETE,
            AclOperation.ALTER, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);
    static final int CLUSTER = of(AclOperation.CREATE, AclOperation.CLUSTER_ACTION, AclOperation.DESCRIBE_CONFIGS,
            AclOperation.ALTER_CONFIGS, AclOperation.IDEMPOTENT_WRITE, AclOperation.ALTER, AclOperation.DESCRIBE);

    private AuthorizedOperations() {
    }

    private static int of(AclOperation... operations) {
        Set<Byte> codes = Stream.of(operations).map(AclOperation::code).collect(Collectors.toSet());
        return Utils.to32BitField(codes);
    }
}
