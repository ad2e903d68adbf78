package dev.ferry.coordinator.group.consumer;

import dev.ferry.coordinator.group.time.GroupTimer;
import dev.ferry.services.broker.Topics;

/** What every consumer-protocol group of the broker shares. */
record ConsumerGroupContext(Topics topics, ServerAssignors assignors, ConsumerGroupConfig config, GroupTimer timer) {
}
