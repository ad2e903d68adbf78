package dev.ferry.coordinator.group.consumer;

import dev.ferry.spi.assignor.PartitionAssignor;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The assignors of {@code group.consumer.assignors}. A group uses the one most of its members ask for with
 * {@code group.remote.assignor} (a tie goes to the one listed first), and the first listed when none asks.
 */
final class ServerAssignors {

    private final Map<String, PartitionAssignor> byName = new LinkedHashMap<>();

    ServerAssignors(List<PartitionAssignor> assignors) {
        if (assignors.isEmpty()) {
            throw new IllegalArgumentException("Consumer groups need at least one partition assignor");
        }
        assignors.forEach(assignor -> byName.put(assignor.name(), assignor));
    }

    Set<String> names() {
        return byName.keySet();
    }

    PartitionAssignor preferred(Collection<ConsumerGroupMember> members) {
        Map<String, Integer> asks = new HashMap<>();
        members.forEach(member -> member.serverAssignor().ifPresent(name -> asks.merge(name, 1, Integer::sum)));
        PartitionAssignor preferred = byName.values().iterator().next();
        int most = 0;
        for (PartitionAssignor assignor : byName.values()) {
            int count = asks.getOrDefault(assignor.name(), 0);
            if (count > most) {
                preferred = assignor;
                most = count;
            }
        }
        return preferred;
    }
}
