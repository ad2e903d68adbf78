package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.ferry.coordinator.fixture.CoordinatorUsingKernel;
import dev.ferry.kernel.Broker;
import dev.ferry.kernel.fixture.KernelUsingKafkaMessages;
import dev.ferry.kernel.fixture.KernelUsingPlugin;
import dev.ferry.kernel.fixture.PackagesUsingEachOther;
import dev.ferry.kernel.fixture.other.UsingTheFixturePackage;
import dev.ferry.plugin.fixture.PluginUsingKernel;
import dev.ferry.plugin.fixture.PluginUsingOtherPlugin;
import dev.ferry.plugin.protocol.kafka.KafkaProtocolHandler;
import dev.ferry.plugin.storage.fixture.StorageUsingServices;
import dev.ferry.plugin.storage.segment.SegmentStorageEngine;
import dev.ferry.services.fixture.ServicesUsingKernel;
import dev.ferry.services.fixture.ServicesUsingNetty;
import dev.ferry.spi.fixture.SpiUsingKernel;
import dev.ferry.spi.fixture.SpiUsingServices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules hold for the product's classes, and each one fails on a class that breaks it. */
class DependencyRulesTest {

    static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        product = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.ferry");
    }

    @Test
    void theProductKeepsEveryRule() {
        DependencyRules.SPI_IS_SELF_CONTAINED.check(product);
        DependencyRules.SPI_DOES_NOT_USE_THE_SERVICES.check(product);
        DependencyRules.SERVICES_USE_ONLY_THE_SPI.check(product);
        DependencyRules.COORDINATORS_USE_ONLY_THE_SPI_AND_THE_SERVICES.check(product);
        DependencyRules.PLUGINS_DO_NOT_USE_THE_KERNEL.check(product);
        DependencyRules.STORAGE_PLUGINS_USE_ONLY_THE_SPI.check(product);
        DependencyRules.PLUGINS_DO_NOT_USE_EACH_OTHER.check(product);
        DependencyRules.EXAMPLES_USE_ONLY_THE_SPI.check(product);
        DependencyRules.KERNEL_DOES_NOT_USE_PLUGINS.check(product);
        DependencyRules.ONLY_PROTOCOL_CODE_USES_KAFKA_MESSAGES.check(product);
        DependencyRules.PACKAGES_ARE_FREE_OF_CYCLES.check(product);
    }

    @Test
    void theRulesSeeEveryModule() {
        // rules over packages that were not imported would pass vacuously
        product.get(Broker.class);
        product.get(SegmentStorageEngine.class);
        product.get(KafkaProtocolHandler.class);
        product.get(dev.ferry.spi.storage.StorageEngine.class);
        product.get(dev.ferry.services.BrokerServices.class);
        product.get(dev.ferry.coordinator.runtime.CoordinatorRuntime.class);
        product.get(dev.ferry.coordinator.group.GroupCoordinator.class);
        product.get(dev.ferry.coordinator.transaction.TransactionCoordinator.class);
        product.get(dev.ferry.example.compaction.KeepLatestCompactionPolicy.class);
    }

    @Test
    void anSpiClassUsingTheKernelBreaksTheBuild() {
        assertViolates(DependencyRules.SPI_IS_SELF_CONTAINED, SpiUsingKernel.Violation.class);
    }

    @Test
    void anSpiClassUsingTheServicesBreaksTheBuild() {
        assertViolates(DependencyRules.SPI_DOES_NOT_USE_THE_SERVICES, SpiUsingServices.Violation.class);
    }

    @Test
    void aServicesClassUsingTheKernelOrALibraryBreaksTheBuild() {
        assertViolates(DependencyRules.SERVICES_USE_ONLY_THE_SPI, ServicesUsingKernel.Violation.class);
        assertViolates(DependencyRules.SERVICES_USE_ONLY_THE_SPI, ServicesUsingNetty.Violation.class);
    }

    @Test
    void aCoordinatorUsingTheKernelBreaksTheBuild() {
        assertViolates(DependencyRules.COORDINATORS_USE_ONLY_THE_SPI_AND_THE_SERVICES,
                CoordinatorUsingKernel.Violation.class);
    }

    @Test
    void aPluginUsingTheKernelBreaksTheBuild() {
        assertViolates(DependencyRules.PLUGINS_DO_NOT_USE_THE_KERNEL, PluginUsingKernel.Violation.class);
    }

    @Test
    void aStoragePluginUsingTheServicesBreaksTheBuild() {
        assertViolates(DependencyRules.STORAGE_PLUGINS_USE_ONLY_THE_SPI, StorageUsingServices.Violation.class);
    }

    @Test
    void aPluginUsingAnotherPluginBreaksTheBuild() {
        assertViolates(DependencyRules.PLUGINS_DO_NOT_USE_EACH_OTHER, PluginUsingOtherPlugin.Violation.class,
                SegmentStorageEngine.class);
    }

    @Test
    void theKernelUsingAPluginBreaksTheBuild() {
        assertViolates(DependencyRules.KERNEL_DOES_NOT_USE_PLUGINS, KernelUsingPlugin.Violation.class);
    }

    @Test
    void theKernelUsingKafkaMessagesBreaksTheBuild() {
        assertViolates(DependencyRules.ONLY_PROTOCOL_CODE_USES_KAFKA_MESSAGES, KernelUsingKafkaMessages.Violation.class);
    }

    @Test
    void packagesUsingEachOtherBreakTheBuild() {
        assertViolates(DependencyRules.PACKAGES_ARE_FREE_OF_CYCLES, PackagesUsingEachOther.Violation.class,
                UsingTheFixturePackage.class);
    }

    private static void assertViolates(ArchRule rule, Class<?>... classes) {
        JavaClasses imported = new ClassFileImporter().importClasses(classes);
        assertThrows(AssertionError.class, () -> rule.check(imported));
    }
}
