package dev.ferry.example.assignor;

import dev.ferry.spi.assignor.GroupAssignment;
import dev.ferry.spi.assignor.GroupSpec;
import dev.ferry.spi.assignor.PartitionAssignor;
import dev.ferry.spi.assignor.SubscribedTopics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pf4j.Extension;

/**
 * Gives every rack (the members' {@code client.rack}) the same share of each topic, however many members it has:
 * a topic's partitions are dealt round robin over the racks of its subscribers, in rack order, and each rack's
 * partitions round robin over that rack's members, in member id order. Members without a rack form one rack,
 * named {@code ""}. Clients choose it with {@code group.remote.assignor=rack-affinity}.
 */
@Extension
public final class RackAffinityAssignor implements PartitionAssignor {

    @Override
    public String name() {
        return "rack-affinity";
    }

    @Override
    public GroupAssignment assign(GroupSpec group, SubscribedTopics topics) {
        Map<String, Map<String, Set<Integer>>> assignment = new HashMap<>();
        topics.partitionCounts().forEach((topic, partitions) -> {
            List<List<String>> racks = racksSubscribingTo(group, topic);
            for (int partition = 0; partition < partitions && !racks.isEmpty(); partition++) {
                List<String> rack = racks.get(partition % racks.size());
                String memberId = rack.get(partition / racks.size() % rack.size());
                assignment.computeIfAbsent(memberId, m -> new HashMap<>())
                        .computeIfAbsent(topic, t -> new TreeSet<>())
                        .add(partition);
            }
        });
        return new GroupAssignment(assignment);
    }

    /** The subscribers of a topic, rack by rack in rack order, each rack's members in id order. */
    private static List<List<String>> racksSubscribingTo(GroupSpec group, String topic) {
        Map<String, List<String>> racks = new TreeMap<>();
        new TreeMap<>(group.members()).forEach((memberId, member) -> {
            if (member.subscribedTopics().contains(topic)) {
                racks.computeIfAbsent(member.rackId().orElse(""), rack -> new ArrayList<>()).add(memberId);
            }
        });
        return new ArrayList<>(racks.values());
    }
}
