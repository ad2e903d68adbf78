package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.LogDirectoryUsage;
import dev.ferry.spi.TopicPartition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopic;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeLogDirsRequest;
import org.apache.kafka.common.requests.DescribeLogDirsResponse;

/**
 * DescribeLogDirs: each log directory with its disk space and the size of the partition logs asked for (all of them
 * when the request names no topics); partitions this broker does not hold are left out, as Kafka does. A log being
 * moved shows twice, as in Kafka: in its directory, and as a future replica ({@code isFuture}) in its destination,
 * with the offsets the copy still lacks as its lag. A current log is never behind its high watermark here. Runs off
 * the event loop, since disk space is read from the file system.
 */
final class DescribeLogDirsApi implements KafkaApi {

    private static final Comparator<TopicPartition> BY_TOPIC_AND_INDEX =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final BrokerServices broker;
    private final Executor admin;

    DescribeLogDirsApi(BrokerServices broker, Executor admin) {
        this.broker = broker;
        this.admin = admin;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_LOG_DIRS;
    }

    @Override
    public short maxVersion() {
        return 4;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        DescribeLogDirsRequest describeLogDirs = (DescribeLogDirsRequest) request;
        Predicate<TopicPartition> asked = asked(describeLogDirs);
        return CompletableFuture.supplyAsync(() -> describe(asked), admin);
    }

    private AbstractResponse describe(Predicate<TopicPartition> asked) {
        List<DescribeLogDirsResult> results = new ArrayList<>();
        for (LogDirectoryUsage directory : broker.partitions().logDirectories()) {
            results.add(new DescribeLogDirsResult()
                    .setErrorCode(Errors.NONE.code())
                    .setLogDir(directory.path().toAbsolutePath().toString())
                    .setTotalBytes(directory.totalBytes())
                    .setUsableBytes(directory.usableBytes())
                    .setTopics(topics(directory, asked)));
        }
        return new DescribeLogDirsResponse(new DescribeLogDirsResponseData()
                .setThrottleTimeMs(0)
                .setErrorCode(Errors.NONE.code())
                .setResults(results));
    }

    private static List<DescribeLogDirsTopic> topics(LogDirectoryUsage directory, Predicate<TopicPartition> asked) {
        Map<String, DescribeLogDirsTopic> topics = new TreeMap<>();
        directory.partitionSizes().entrySet().stream()
                .filter(entry -> asked.test(entry.getKey()))
                .sorted(Map.Entry.comparingByKey(BY_TOPIC_AND_INDEX))
                .forEach(entry -> add(topics, entry.getKey(), entry.getValue(), 0, false));
        directory.futureLogs().entrySet().stream()
                .filter(entry -> asked.test(entry.getKey()))
                .sorted(Map.Entry.comparingByKey(BY_TOPIC_AND_INDEX))
                .forEach(entry -> add(topics, entry.getKey(), entry.getValue().sizeInBytes(),
                        entry.getValue().offsetLag(), true));
        return new ArrayList<>(topics.values());
    }

    private static void add(Map<String, DescribeLogDirsTopic> topics, TopicPartition partition, long size,
                            long offsetLag, boolean future) {
        topics.computeIfAbsent(partition.topic(), name -> new DescribeLogDirsTopic().setName(name))
                .partitions().add(new DescribeLogDirsPartition()
                        .setPartitionIndex(partition.partition())
                        .setPartitionSize(size)
                        .setOffsetLag(offsetLag)
                        .setIsFutureKey(future));
    }

    private static Predicate<TopicPartition> asked(DescribeLogDirsRequest request) {
        if (request.isAllTopicPartitions()) {
            return partition -> true;
        }
        Set<TopicPartition> partitions = new HashSet<>();
        for (DescribableLogDirTopic topic : request.data().topics()) {
            topic.partitions().forEach(index -> partitions.add(new TopicPartition(topic.topic(), index)));
        }
        return partitions::contains;
    }
}
