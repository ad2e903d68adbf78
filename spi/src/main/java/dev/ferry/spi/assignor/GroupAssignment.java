package dev.ferry.spi.assignor;

import java.util.Map;
import java.util.Set;

/**
 * An assignor's answer.
 *
 * @param members for each member id, the partitions it should own, by topic name
 */
public record GroupAssignment(Map<String, Map<String, Set<Integer>>> members) {

    public GroupAssignment {
        members = Map.copyOf(members);
    }
}
