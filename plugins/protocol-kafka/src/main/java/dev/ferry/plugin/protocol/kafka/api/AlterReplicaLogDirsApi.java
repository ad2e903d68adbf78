package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.broker.BrokerServices;
import dev.ferry.spi.broker.LogDirectoryUsage;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.common.message.AlterReplicaLogDirsRequestData;
import org.apache.kafka.common.message.AlterReplicaLogDirsRequestData.AlterReplicaLogDir;
import org.apache.kafka.common.message.AlterReplicaLogDirsRequestData.AlterReplicaLogDirTopic;
import org.apache.kafka.common.message.AlterReplicaLogDirsResponseData;
import org.apache.kafka.common.message.AlterReplicaLogDirsResponseData.AlterReplicaLogDirPartitionResult;
import org.apache.kafka.common.message.AlterReplicaLogDirsResponseData.AlterReplicaLogDirTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterReplicaLogDirsRequest;
import org.apache.kafka.common.requests.AlterReplicaLogDirsResponse;

/**
 * AlterReplicaLogDirs: asking for the log directory a partition is already in succeeds; a path that is not one of
 * {@code log.dirs} is LOG_DIR_NOT_FOUND, and a partition this broker does not hold UNKNOWN_TOPIC_OR_PARTITION. Moving
 * a partition to another of its log directories is not done yet: it gets KAFKA_STORAGE_ERROR, Kafka's answer when the
 * destination cannot take the log. Runs off the event loop, since it lists the log directories.
 */
final class AlterReplicaLogDirsApi implements KafkaApi {

    private final BrokerServices broker;
    private final Executor admin;

    AlterReplicaLogDirsApi(BrokerServices broker, Executor admin) {
        this.broker = broker;
        this.admin = admin;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_REPLICA_LOG_DIRS;
    }

    @Override
    public short maxVersion() {
        return 2;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        AlterReplicaLogDirsRequestData data = ((AlterReplicaLogDirsRequest) request).data();
        return CompletableFuture.supplyAsync(() -> alter(data), admin);
    }

    private AbstractResponse alter(AlterReplicaLogDirsRequestData data) {
        Map<TopicPartition, String> directoryOf = new HashMap<>();
        List<String> directories = new ArrayList<>();
        for (LogDirectoryUsage directory : broker.partitions().logDirectories()) {
            String path = canonical(directory.path().toString());
            directories.add(path);
            directory.partitionSizes().keySet().forEach(partition -> directoryOf.put(partition, path));
        }
        Map<String, AlterReplicaLogDirTopicResult> results = new HashMap<>();
        List<AlterReplicaLogDirTopicResult> ordered = new ArrayList<>();
        for (AlterReplicaLogDir dir : data.dirs()) {
            String destination = canonical(dir.path());
            for (AlterReplicaLogDirTopic topic : dir.topics()) {
                AlterReplicaLogDirTopicResult result = results.computeIfAbsent(topic.name(), name -> {
                    AlterReplicaLogDirTopicResult created = new AlterReplicaLogDirTopicResult().setTopicName(name);
                    ordered.add(created);
                    return created;
                });
                for (int partition : topic.partitions()) {
                    String current = directoryOf.get(new TopicPartition(topic.name(), partition));
                    Errors error = !directories.contains(destination) ? Errors.LOG_DIR_NOT_FOUND
                            : current == null ? Errors.UNKNOWN_TOPIC_OR_PARTITION
                            : current.equals(destination) ? Errors.NONE
                            : Errors.KAFKA_STORAGE_ERROR;
                    result.partitions().add(new AlterReplicaLogDirPartitionResult()
                            .setPartitionIndex(partition)
                            .setErrorCode(error.code()));
                }
            }
        }
        return new AlterReplicaLogDirsResponse(new AlterReplicaLogDirsResponseData()
                .setThrottleTimeMs(0)
                .setResults(ordered));
    }

    /** The absolute form of a path; a string that is no path at all (a NUL character) matches no directory. */
    private static String canonical(String path) {
        try {
            return Path.of(path).toAbsolutePath().normalize().toString();
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
