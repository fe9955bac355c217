/**
 * Carbon-intensity providers that implement the core's {@link
 * dev.runneriq.core.carbon.CarbonSource}: Electricity Maps API v3, the UK Carbon Intensity API, CSV
 * series and a static table of annual means, built from a {@link dev.runneriq.carbon.CarbonConfig}
 * by {@link dev.runneriq.carbon.CarbonSources}. HTTP, caching and stale-if-error live here, never
 * in the core.
 */
@NullMarked
package dev.runneriq.carbon;

import org.jspecify.annotations.NullMarked;
