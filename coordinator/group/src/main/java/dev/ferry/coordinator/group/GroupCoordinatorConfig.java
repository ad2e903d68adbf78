package dev.ferry.coordinator.group;

import dev.ferry.coordinator.group.classic.ClassicGroupConfig;
import dev.ferry.coordinator.group.consumer.ConsumerGroupConfig;
import java.util.List;

/**
 * The broker's settings for groups and their offsets.
 *
 * @param consumerAssignors {@code group.consumer.assignors}: the partition assignors of consumer-protocol groups by
 *     name, the default first
 * @param offsetsTopicPartitions {@code offsets.topic.num.partitions}: the partitions of {@code __consumer_offsets}
 *     when it is created
 * @param offsetsTopicSegmentBytes {@code offsets.topic.segment.bytes}: the segment size of {@code __consumer_offsets}
 * @param offsetsRetentionMs {@code offsets.retention.minutes}: how long the offsets of a group without members are
 *     kept
 * @param offsetsRetentionCheckIntervalMs {@code offsets.retention.check.interval.ms}: how often offsets are expired
 * @param offsetMetadataMaxBytes {@code offset.metadata.max.bytes}: the longest metadata string a commit may carry
 */
public record GroupCoordinatorConfig(ClassicGroupConfig classic, ConsumerGroupConfig consumer,
                                     List<String> consumerAssignors, int offsetsTopicPartitions,
                                     int offsetsTopicSegmentBytes, long offsetsRetentionMs,
                                     long offsetsRetentionCheckIntervalMs,
                                     int offsetMetadataMaxBytes) {

    public GroupCoordinatorConfig {
        consumerAssignors = List.copyOf(consumerAssignors);
    }
}
