package dev.ferry.kernel.partition;

import dev.ferry.kernel.plugin.LoadedExtension;
import dev.ferry.spi.storage.StorageEngine;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Calls into the storage plugin with its class loader as context, keeping their IOException checked. */
final class StorageCalls {

    /** A storage call that may fail on the disk. */
    interface Call<T> {
        T run() throws IOException;
    }

    private StorageCalls() {
    }

    static <T> T inPlugin(LoadedExtension<StorageEngine> storage, Call<T> call) throws IOException {
        try {
            return storage.call(() -> {
                try {
                    return call.run();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
