package dev.ferry.kernel.group.consumer;

import dev.ferry.kernel.time.GroupTimer;
import dev.ferry.services.broker.Topics;

/** What every consumer-protocol group of the broker shares. */
record ConsumerGroupContext(Topics topics, ServerAssignors assignors, ConsumerGroupConfig config, GroupTimer timer) {
}
