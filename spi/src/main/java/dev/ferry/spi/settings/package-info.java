/**
 * {@link dev.ferry.spi.settings.Settings}: the broker's configuration as a plugin reads it, handed over in the
 * plugin's context, without tying plugins to the configuration library the broker reads its files with.
 */
package dev.ferry.spi.settings;
