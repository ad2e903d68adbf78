package dev.ferry.kernel.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.kernel.config.StartupProblem;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pf4j.DefaultPluginDescriptor;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginWrapper;

class ExtensionChooserTest {

    private static final PluginManager PLUGIN_MANAGER = new DefaultPluginManager(Path.of("no-plugins-here"));

    private final ExtensionChooser chooser =
            new ExtensionChooser("storage engine", "storage.engine", "storage-segment", Path.of("/opt/broker/plugins"));

    @Test
    void theOnlyInstalledExtensionIsChosenWithoutConfiguration() {
        LoadedExtension<String> segment = extension("segment");

        assertEquals(segment, chooser.choose(List.of(segment), name -> name, Optional.empty()));
    }

    @Test
    void theConfiguredExtensionIsChosenAmongSeveral() {
        LoadedExtension<String> chosen = extension("tiered");

        assertEquals(chosen, chooser.choose(List.of(extension("segment"), chosen), name -> name, Optional.of("tiered")));
    }

    @Test
    void noExtensionNamesThePluginToAdd() {
        StartupProblem problem = assertThrows(StartupProblem.class,
                () -> chooser.choose(List.<LoadedExtension<String>>of(), name -> name, Optional.empty()));

        assertTrue(problem.getMessage().contains("add the storage-segment plugin jar"), problem.getMessage());
        assertTrue(problem.getMessage().contains("/opt/broker/plugins"), problem.getMessage());
    }

    @Test
    void competingExtensionsNameTheKeyToSet() {
        StartupProblem problem = assertThrows(StartupProblem.class, () -> chooser.choose(
                List.of(extension("segment"), extension("tiered")), name -> name, Optional.empty()));

        assertTrue(problem.getMessage().contains("storage.engine"), problem.getMessage());
        assertTrue(problem.getMessage().contains("segment") && problem.getMessage().contains("tiered"));
    }

    @Test
    void aConfiguredNameNoPluginProvidesIsRefused() {
        StartupProblem problem = assertThrows(StartupProblem.class, () -> chooser.choose(
                List.of(extension("segment")), name -> name, Optional.of("rocksdb")));

        assertTrue(problem.getMessage().contains("storage.engine = \"rocksdb\""), problem.getMessage());
    }

    private static LoadedExtension<String> extension(String name) {
        // id, description, class, version, requires, provider, license
        DefaultPluginDescriptor descriptor =
                new DefaultPluginDescriptor("plugin-" + name, "", null, "1.0.0", "*", "", "");
        return new LoadedExtension<>(name, new PluginWrapper(PLUGIN_MANAGER, descriptor, Path.of(name), null));
    }
}
