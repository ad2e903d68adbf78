package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.LogDirectoryUsage;
import dev.ferry.spi.TopicPartition;
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
 * AlterReplicaLogDirs: moves a partition's log to another of {@code log.dirs}, as Kafka does through a future replica
 * that is copied while the partition serves and then swapped in; the answer comes once the move is under way. Asking
 * for the directory the log is in succeeds (and gives up a move under way), as does asking again for the destination
 * of a move under way. A path that is not one of {@code log.dirs} is LOG_DIR_NOT_FOUND, a partition this broker does
 * not hold UNKNOWN_TOPIC_OR_PARTITION, and a destination that cannot take the log KAFKA_STORAGE_ERROR. Runs off the
 * event loop, since it lists the log directories and creates the copy.
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
                    TopicPartition topicPartition = new TopicPartition(topic.name(), partition);
                    Errors error = !directories.contains(destination) ? Errors.LOG_DIR_NOT_FOUND
                            : !directoryOf.containsKey(topicPartition) ? Errors.UNKNOWN_TOPIC_OR_PARTITION
                            : move(topicPartition, destination);
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

    private Errors move(TopicPartition partition, String destination) {
        try {
            broker.partitions().moveLog(partition, Path.of(destination));
            return Errors.NONE;
        } catch (BrokerException e) {
            return KafkaErrors.toKafka(e.error());
        }
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
