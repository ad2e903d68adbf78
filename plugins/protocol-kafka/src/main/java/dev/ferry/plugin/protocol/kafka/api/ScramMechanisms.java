package dev.ferry.plugin.protocol.kafka.api;

import org.apache.kafka.common.security.scram.internals.ScramMechanism;

/** Kafka's type bytes of SCRAM mechanisms on the wire, and the SASL names the broker keeps them by. */
final class ScramMechanisms {

    private ScramMechanisms() {
    }

    /** The SASL name of a mechanism type; for a type Kafka does not know, a name no mechanism has. */
    static String name(byte type) {
        for (ScramMechanism mechanism : ScramMechanism.values()) {
            if (mechanism.type() == type) {
                return mechanism.mechanismName();
            }
        }
        return "UNKNOWN-" + type;
    }

    /** The type byte of a mechanism the broker keeps, by its SASL name. */
    static byte type(String name) {
        return ScramMechanism.forMechanismName(name).type();
    }
}
