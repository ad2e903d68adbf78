package dev.ferry.distribution;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;

/** The "may depend on" column of shared/DESIGN.md, as rules the build enforces. */
final class DependencyRules {

    static final String SPI = "dev.ferry.spi..";
    static final String SERVICES = "dev.ferry.services..";
    static final String KERNEL = "dev.ferry.kernel..";
    static final String COORDINATORS = "dev.ferry.coordinator..";
    static final String PLUGINS = "dev.ferry.plugin..";
    static final String STORAGE_PLUGINS = "dev.ferry.plugin.storage..";
    static final String[] KAFKA_MESSAGES = {"org.apache.kafka.common.message..", "org.apache.kafka.common.requests.."};

    static final ArchRule SPI_IS_SELF_CONTAINED = noClasses().that().resideInAPackage(SPI)
            .should().dependOnClassesThat().resideInAnyPackage(KERNEL, PLUGINS)
            .because("the SPI is the plugin author's manual and must not drag the kernel or a plugin along");

    static final ArchRule SPI_DOES_NOT_USE_THE_SERVICES = noClasses().that().resideInAPackage(SPI)
            .should().dependOnClassesThat().resideInAPackage(SERVICES)
            .because("the broker services API is built on the SPI, and a plugin that only extends the broker must "
                    + "not need the kernel's contract with protocol handlers");

    static final ArchRule SERVICES_USE_ONLY_THE_SPI = classes().that().resideInAPackage(SERVICES)
            .should().onlyDependOnClassesThat().resideInAnyPackage(SERVICES, SPI, "java..")
            .because("the broker services API is a contract: protocol plugins compile against it without the "
                    + "kernel, a plugin or a library coming along");

    static final ArchRule COORDINATORS_USE_ONLY_THE_SPI_AND_THE_SERVICES = classes().that()
            .resideInAPackage(COORDINATORS)
            .should().onlyDependOnClassesThat().resideInAnyPackage(COORDINATORS, SERVICES, SPI, "java..",
                    "org.slf4j..",
                    // kafka-clients: record batches, the consumer protocol's subscriptions and assignments
                    "org.apache.kafka.common..", "org.apache.kafka.clients..",
                    // kafka-group-coordinator's generated classes of the __consumer_offsets records, and nothing else
                    "org.apache.kafka.coordinator.group.generated..",
                    // ListTransactions' client-supplied pattern, matched in linear time as Kafka does
                    "com.google.re2j..")
            .because("the coordinators are state machines over an internal topic: the kernel wires them to its "
                    + "partitions, threads and plugins, and they must not reach back into it");

    static final ArchRule PLUGINS_DO_NOT_USE_THE_KERNEL = noClasses().that().resideInAPackage(PLUGINS)
            .should().dependOnClassesThat().resideInAPackage(KERNEL)
            .because("plugins talk to the broker through the SPI only");

    static final ArchRule STORAGE_PLUGINS_USE_ONLY_THE_SPI = noClasses().that().resideInAPackage(STORAGE_PLUGINS)
            .should().dependOnClassesThat().resideInAPackage(SERVICES)
            .because("a storage engine serves the kernel through the storage SPI; what the kernel offers protocol "
                    + "handlers is not for it");

    static final ArchRule PLUGINS_DO_NOT_USE_EACH_OTHER = slices().matching("dev.ferry.plugin.(*)..")
            .should().notDependOnEachOther()
            .because("each plugin can be removed from plugins/ on its own");

    static final ArchRule EXAMPLES_USE_ONLY_THE_SPI = noClasses().that().resideInAPackage("dev.ferry.example..")
            .should().dependOnClassesThat().resideInAnyPackage(KERNEL, SERVICES, PLUGINS)
            .because("examples are plugins users copy: they show the SPI and nothing else");

    static final ArchRule KERNEL_DOES_NOT_USE_PLUGINS = noClasses().that().resideInAPackage(KERNEL)
            .should().dependOnClassesThat().resideInAPackage(PLUGINS)
            .because("the kernel finds plugins through pf4j extension points only");

    static final ArchRule ONLY_PROTOCOL_CODE_USES_KAFKA_MESSAGES = noClasses()
            .that().resideInAnyPackage(KERNEL, STORAGE_PLUGINS)
            .should().dependOnClassesThat().resideInAnyPackage(KAFKA_MESSAGES)
            .because("Kafka's request and response classes belong to the protocol-kafka plugin");

    // every package is a slice of its own, a module's root package too ((**) captures the whole name after
    // dev.ferry): kernel.group and kernel.group.classic are two slices, as are kernel and kernel.config. Where
    // packages form several separate tangles, ArchUnit (1.4) may list the cycles of one only: the others show once
    // it is undone
    static final ArchRule PACKAGES_ARE_FREE_OF_CYCLES = slices().matching("dev.ferry.(**)")
            .should().beFreeOfCycles()
            .because("two packages that use each other, directly or round a loop, are one concept split in two or "
                    + "a dependency that points the wrong way: neither can be read, tested or moved alone");

    private DependencyRules() {
    }
}
