package dev.ferry.spi.protocol;


/**
 * A socket the broker listens on, named as in Kafka's {@code listeners}: {@code PLAINTEXT://127.0.0.1:9092}.
 *
 * @param name the listener name, which is also its security protocol unless mapped otherwise
 */
public record Listener(String name, Endpoint endpoint) {
}
