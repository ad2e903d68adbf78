package dev.ferry.kernel.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ferry.spi.assignor.GroupAssignment;
import dev.ferry.spi.assignor.GroupSpec;
import dev.ferry.spi.assignor.PartitionAssignor;
import dev.ferry.spi.assignor.SubscribedTopics;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.pf4j.DefaultPluginDescriptor;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginWrapper;

class PluginAssignorTest {

    private final ClassLoader pluginLoader = new URLClassLoader(new URL[0]);
    private final AtomicReference<ClassLoader> seenLoader = new AtomicReference<>();

    @Test
    void aPluginAssignorRunsWithThePluginsClassLoader() {
        PartitionAssignor assignor = new PluginAssignor(plugin("recording"));

        GroupAssignment assignment = assignor.assign(new GroupSpec("g", Map.of()), new SubscribedTopics(Map.of()));

        assertEquals(Map.of(), assignment.members());
        assertSame(pluginLoader, seenLoader.get());
        assertEquals("recording", assignor.name());
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
