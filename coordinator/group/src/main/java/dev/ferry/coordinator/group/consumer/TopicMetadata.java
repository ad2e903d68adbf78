package dev.ferry.coordinator.group.consumer;

import java.util.UUID;

/**
 * What a target assignment depends on of a subscribed topic: a topic deleted and created again gets another id, a
 * topic given more partitions another count, and either needs a new target.
 */
record TopicMetadata(UUID topicId, int partitions) {
}
