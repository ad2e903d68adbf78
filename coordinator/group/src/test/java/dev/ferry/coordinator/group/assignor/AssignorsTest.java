package dev.ferry.coordinator.group.assignor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.spi.assignor.GroupAssignment;
import dev.ferry.spi.assignor.GroupSpec;
import dev.ferry.spi.assignor.PartitionAssignor;
import dev.ferry.spi.assignor.SubscribedTopics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssignorsTest {

    @Test
    void theNamedAssignorsComeInTheConfiguredOrder() {
        List<PartitionAssignor> assignors = Assignors.resolve(List.of("range", "uniform"), List.of());

        assertEquals(List.of("range", "uniform"), assignors.stream().map(PartitionAssignor::name).toList());
    }

    @Test
    void aPluginAssignorIsUsedAsGiven() {
        PartitionAssignor plugin = plugin("recording");

        List<PartitionAssignor> assignors = Assignors.resolve(List.of("uniform", "recording"), List.of(plugin));

        assertSame(plugin, assignors.get(1));
    }

    @Test
    void anUnknownNameIsRefusedWithTheInstalledNames() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Assignors.resolve(List.of("uniform", "sticky"), List.of(plugin("recording"))));

        assertTrue(refused.getMessage().contains("'sticky'"), refused.getMessage());
        assertTrue(refused.getMessage().contains("[uniform, range, recording]"), refused.getMessage());
    }

    @Test
    void aPluginCannotTakeABuiltInName() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Assignors.resolve(List.of("uniform"), List.of(plugin("range"))));

        assertTrue(refused.getMessage().contains("the built-in assignor range"), refused.getMessage());
    }

    @Test
    void atLeastOneAssignorIsNeeded() {
        assertThrows(IllegalArgumentException.class, () -> Assignors.resolve(List.of(), List.of()));
    }

    private static PartitionAssignor plugin(String name) {
        return new PartitionAssignor() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public GroupAssignment assign(GroupSpec group, SubscribedTopics topics) {
                return new GroupAssignment(Map.of());
            }
        };
    }
}
