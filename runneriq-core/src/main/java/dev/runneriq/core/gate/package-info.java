/**
 * Gate mode's one decision of its own: which held jobs ({@code when: delayed}, status {@code
 * scheduled} in GitLab) RunnerIQ plays now, given the engine's decision for each. The simulator's
 * gate policies and the service's actuator both release through {@link
 * dev.runneriq.core.gate.ReleaseRule}.
 */
@NullMarked
package dev.runneriq.core.gate;

import org.jspecify.annotations.NullMarked;
