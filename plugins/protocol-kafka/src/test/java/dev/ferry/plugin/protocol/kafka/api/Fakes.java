package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.TopicDescription;
import dev.ferry.services.broker.Topics;
import dev.ferry.services.quota.ByteRateQuota;
import dev.ferry.services.quota.ClientQuotas;
import dev.ferry.spi.protocol.Endpoint;
import dev.ferry.spi.protocol.Listener;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Small in-memory stand-ins for the broker's services: an SPI interface answered by the methods of the same name
 * and parameters of a plain object, any other call failing the test. And requests served as from the wire.
 */
final class Fakes {

    private Fakes() {
    }

    /** The interface, served by those of {@code methods}' own methods that match its methods. */
    static <T> T of(Class<T> type, Object methods) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(methods, args);
                    }
                    Method own;
                    try {
                        own = methods.getClass().getDeclaredMethod(method.getName(), method.getParameterTypes());
                    } catch (NoSuchMethodException e) {
                        throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName()
                                + " is not faked");
                    }
                    own.setAccessible(true);
                    try {
                        return own.invoke(methods, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
    }

    /** A broker whose services are those given, by interface; asking for another fails the test. */
    static BrokerServices broker(Object... services) {
        Map<Class<?>, Object> byType = Arrays.stream(services).collect(Collectors.toMap(
                service -> service.getClass().getInterfaces()[0], Function.identity()));
        return (BrokerServices) Proxy.newProxyInstance(BrokerServices.class.getClassLoader(),
                new Class<?>[] {BrokerServices.class}, (proxy, method, args) -> {
                    Object service = byType.get(method.getReturnType());
                    if (service == null) {
                        throw new UnsupportedOperationException("BrokerServices." + method.getName()
                                + " is not faked");
                    }
                    return service;
                });
    }

    /** Topics of these names, each with that many partitions. */
    static Topics topics(Map<String, Integer> partitions) {
        return of(Topics.class, new Object() {
            Optional<TopicDescription> describe(String name) {
                return Optional.ofNullable(partitions.get(name)).map(count ->
                        new TopicDescription(name, UUID.nameUUIDFromBytes(name.getBytes()), count, 1, Map.of()));
            }
        });
    }

    /** Client quotas that limit no one. */
    static ClientQuotas noQuotas() {
        ByteRateQuota unlimited = of(ByteRateQuota.class, new Object() {
            long maxBytesInWindow(String user, String clientId) {
                return Long.MAX_VALUE;
            }

            long record(String user, String clientId, long bytes, long nowMs) {
                return 0;
            }
        });
        return of(ClientQuotas.class, new Object() {
            ByteRateQuota produce() {
                return unlimited;
            }

            ByteRateQuota fetch() {
                return unlimited;
            }
        });
    }

    /** The response to a request of the version, which goes through the wire format first as it would. */
    static AbstractResponse serve(KafkaApi api, ApiMessage data, short version) {
        return handle(api, data, version).join();
    }

    /** As {@link #serve}, without waiting for the response: for answers the test completes itself. */
    static CompletableFuture<AbstractResponse> handle(KafkaApi api, ApiMessage data, short version) {
        ApiKeys key = api.apiKey();
        AbstractRequest request = AbstractRequest.parseRequest(key, version,
                MessageUtil.toByteBufferAccessor(data, version)).request;
        RequestContext context = new RequestContext(new RequestHeader(key, version, "c", 1),
                new Listener("PLAINTEXT", new Endpoint("localhost", 9092)), null);
        return api.handle(context, request);
    }
}
