package dev.ferry.kernel.group.assignor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.kernel.plugin.LoadedExtension;
import dev.ferry.spi.assignor.GroupAssignment;
import dev.ferry.spi.assignor.GroupSpec;
import dev.ferry.spi.assignor.PartitionAssignor;
import dev.ferry.spi.assignor.SubscribedTopics;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.pf4j.DefaultPluginDescriptor;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginWrapper;

class AssignorsTest {

    private final ClassLoader pluginLoader = new URLClassLoader(new URL[0]);
    private final AtomicReference<ClassLoader> seenLoader = new AtomicReference<>();

    @Test
    void theNamedAssignorsComeInTheConfiguredOrder() {
        List<PartitionAssignor> assignors = Assignors.resolve(List.of("range", "uniform"), List.of());

        assertEquals(List.of("range", "uniform"), assignors.stream().map(PartitionAssignor::name).toList());
    }

    @Test
    void aPluginAssignorRunsWithThePluginsClassLoader() {
        List<PartitionAssignor> assignors = Assignors.resolve(List.of("uniform", "recording"),
                List.of(plugin("recording")));

        GroupAssignment assignment = assignors.get(1).assign(Specs.group(Map.of()), new SubscribedTopics(Map.of()));

        assertEquals(Map.of(), assignment.members());
        assertSame(pluginLoader, seenLoader.get());
        assertEquals("recording", assignors.get(1).name());
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
        assertThrows(IllegalArgumentException.class,
                () -> Assignors.resolve(List.of("uniform"), List.of(plugin("range"))));
    }

    @Test
    void atLeastOneAssignorIsNeeded() {
        assertThrows(IllegalArgumentException.class, () -> Assignors.resolve(List.of(), List.of()));
    }

    private LoadedExtension<PartitionAssignor> plugin(String name) {
        PartitionAssignor recording = new PartitionAssignor() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public GroupAssignment assign(GroupSpec group, SubscribedTopics topics) {
                seenLoader.set(Thread.currentThread().getContextClassLoader());
                return new GroupAssignment(Map.of());
            }
        };
        // id, description, class, version, requires, provider, license
        DefaultPluginDescriptor descriptor = new DefaultPluginDescriptor("plugin-" + name, "", null, "1.0.0", "*",
                "", "");
        return new LoadedExtension<>(recording, new PluginWrapper(new DefaultPluginManager(Path.of("none")),
                descriptor, Path.of(name), pluginLoader));
    }
}
