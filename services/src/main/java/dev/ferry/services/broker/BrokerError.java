package dev.ferry.services.broker;

/** The failures a client can be told about. The names follow Kafka's error codes. */
public enum BrokerError {
    NONE,
    UNKNOWN_SERVER_ERROR,
    UNKNOWN_TOPIC_OR_PARTITION,
    UNKNOWN_TOPIC_ID,
    TOPIC_ALREADY_EXISTS,
    INVALID_TOPIC,
    INVALID_PARTITIONS,
    INVALID_REPLICATION_FACTOR,
    INVALID_CONFIG,
    /** A batch failed validation: bad magic, CRC, size or record count. */
    CORRUPT_MESSAGE,
    /** A batch is larger than the topic's {@code max.message.bytes}. */
    MESSAGE_TOO_LARGE,
    OFFSET_OUT_OF_RANGE,
    KAFKA_STORAGE_ERROR,
    /** A request that breaks the protocol's rules, for example a missing field. */
    INVALID_REQUEST,
    COORDINATOR_NOT_AVAILABLE,
    COORDINATOR_LOAD_IN_PROGRESS,
    /** This broker does not coordinate the group or transactional id (any more): find the coordinator again. */
    NOT_COORDINATOR,
    INVALID_GROUP_ID,
    GROUP_ID_NOT_FOUND,
    /** The group is in use by a protocol other than the request's (classic versus consumer, or protocol types). */
    INCONSISTENT_GROUP_PROTOCOL,
    UNKNOWN_MEMBER_ID,
    /** A new classic member must join again with the member id it was given (KIP-394). */
    MEMBER_ID_REQUIRED,
    ILLEGAL_GENERATION,
    REBALANCE_IN_PROGRESS,
    INVALID_SESSION_TIMEOUT,
    GROUP_MAX_SIZE_REACHED,
    /** A static member was replaced by a newer instance with the same {@code group.instance.id}. */
    FENCED_INSTANCE_ID,
    UNRELEASED_INSTANCE_ID,
    /** A consumer-protocol member's epoch is stale or unknown: it must rejoin with epoch 0. */
    FENCED_MEMBER_EPOCH,
    /** A consumer-protocol member commits with an epoch older than its current one. */
    STALE_MEMBER_EPOCH,
    UNSUPPORTED_ASSIGNOR,
    NON_EMPTY_GROUP,
    GROUP_SUBSCRIBED_TO_TOPIC,
    OFFSET_METADATA_TOO_LARGE,
    /** A request the broker refuses by policy, such as too many partitions at once. */
    POLICY_VIOLATION,
    /** A batch's timestamp is outside the topic's {@code message.timestamp.before/after.max.ms} window. */
    INVALID_TIMESTAMP,
    /** A feature update outside the supported levels, or a downgrade not asked for as one. */
    INVALID_UPDATE_VERSION,
    /** A request naming something this broker's version does not know, such as an unknown quota entity type. */
    UNSUPPORTED_VERSION,
    /** A SASL mechanism the broker does not know, such as a SCRAM mechanism other than SHA-256 and SHA-512. */
    UNSUPPORTED_SASL_MECHANISM,
    /** A credential the broker refuses: an empty user name, or too few or too many iterations. */
    UNACCEPTABLE_CREDENTIAL,
    /** The thing named does not exist, such as a user credential to delete or describe. */
    RESOURCE_NOT_FOUND,
    /** The same thing is named twice where once is the most allowed. */
    DUPLICATE_RESOURCE,
    /** A producer's batch or request carries an epoch older than the one the broker knows. */
    INVALID_PRODUCER_EPOCH,
    /** A newer instance with the same transactional id has taken over: this producer must close. */
    PRODUCER_FENCED,
    /** A batch's sequence number does not follow the last one the partition has from its producer. */
    OUT_OF_ORDER_SEQUENCE_NUMBER,
    /** The producer id does not belong to the transactional id it is used with. */
    INVALID_PRODUCER_ID_MAPPING,
    /** The request does not fit the transaction's state, such as a commit of a transaction being aborted. */
    INVALID_TXN_STATE,
    /** A commit or abort of the producer's previous transaction is still being completed: retry. */
    CONCURRENT_TRANSACTIONS,
    /** A transaction timeout above {@code transaction.max.timeout.ms}, or not positive. */
    INVALID_TRANSACTION_TIMEOUT,
    /** The transactional id is unknown to its coordinator. */
    TRANSACTIONAL_ID_NOT_FOUND,
    /** A transaction marker from a coordinator epoch older than the one the partition has seen. */
    TRANSACTION_COORDINATOR_FENCED,
    /** A record batch that breaks a rule about its contents, such as a non-transactional batch inside a transaction. */
    INVALID_RECORD,
    /** A read_committed offset fetch found offsets pending in an open transaction: retry once it ends. */
    UNSTABLE_OFFSET_COMMIT,
    /** A regular expression that does not compile. */
    INVALID_REGULAR_EXPRESSION
}
