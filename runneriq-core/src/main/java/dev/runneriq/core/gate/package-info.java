/**
 * Gate mode's decisions of its own: which held jobs ({@code when: delayed}, status {@code
 * scheduled} in GitLab) RunnerIQ plays now, given the engine's decision for each ({@link
 * dev.runneriq.core.gate.ReleaseRule}), and, where a gate may, which it turns manual before their
 * floor ({@link dev.runneriq.core.gate.UnscheduleRule}). The simulator's gate policies and the
 * service's actuator both decide through them.
 */
@NullMarked
package dev.runneriq.core.gate;

import org.jspecify.annotations.NullMarked;
